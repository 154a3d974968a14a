package io.github.sortlens.model;

import java.util.Arrays;

/**
 * Splits a set of sequences into chunks for forward passes, so that a 10,000-sequence pass never holds more than one
 * chunk of activations. A last chunk of a single sequence joins the one before: resample ablation takes each
 * sequence's activation from another sequence of its chunk, so no chunk may be alone.
 *
 * @param size sequences per chunk (the last may hold one more)
 */
public record Chunks(int size) {

    /** Receives one chunk: rows {@code from .. from + chunk.length} of the input. */
    @FunctionalInterface
    public interface Body {
        void accept(int from, int[][] chunk);
    }

    public Chunks {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + size);
        }
    }

    /** End (exclusive) of the chunk starting at {@code from} in a set of {@code length} sequences. */
    public int end(int from, int length) {
        int to = Math.min(length, from + size);
        return length - to == 1 ? length : to;
    }

    /** Hands every chunk of {@code tokens} to {@code body}, in order. */
    public void forEach(int[][] tokens, Body body) {
        for (int from = 0, to; from < tokens.length; from = to) {
            to = end(from, tokens.length);
            body.accept(from, Arrays.copyOfRange(tokens, from, to));
        }
    }
}
