package io.github.sortlens.render;

/** The site could not be written: which page or file, and why. */
public class SiteException extends RuntimeException {

    public SiteException(String message, Throwable cause) {
        super(message, cause);
    }

    public SiteException(String message) {
        super(message);
    }

    /** The output folder was refused before anything was written: a bad command line, not a failure. */
    public static final class Refused extends SiteException {
        public Refused(String message) {
            super(message);
        }
    }
}
