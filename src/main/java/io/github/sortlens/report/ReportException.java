package io.github.sortlens.report;

/** A run directory could not be turned into view models: which file or value, and why. */
public final class ReportException extends RuntimeException {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
