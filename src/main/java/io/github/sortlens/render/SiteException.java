package io.github.sortlens.render;

/** The site could not be written: which page or file, and why. */
public final class SiteException extends RuntimeException {

    public SiteException(String message, Throwable cause) {
        super(message, cause);
    }

    public SiteException(String message) {
        super(message);
    }
}
