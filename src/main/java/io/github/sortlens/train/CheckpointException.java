package io.github.sortlens.train;

/** A checkpoint that cannot be used: missing, damaged, or made under another config. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }
}
