package io.github.sortlens.analysis;

import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The role a key position plays for a query in the sorted half. A head reads from five kinds of key, and what a key
 * writes depends on its role as well as on its token: the role decides which position embeddings the key carries.
 * The query's own position is its own role even at output 0, where that position is STOP: the STOP role is then
 * empty.
 */
public enum KeyRole {
    START("START"),
    LIST("unsorted list"),
    STOP("STOP"),
    SORTED("earlier sorted"),
    QUERY("query's own token");

    private final String label;

    KeyRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The role of key position {@code key} for the query at position {@code query} ({@code key <= query}). */
    public static KeyRole of(SequenceLayout layout, int key, int query) {
        if (key == query) {
            return QUERY;
        }
        return switch (layout.role(key)) {
            case START -> START;
            case INPUT -> LIST;
            case STOP -> STOP;
            case OUTPUT -> SORTED;
        };
    }

    /** [role] the labels in declaration order. */
    public static List<String> labels() {
        List<String> out = new ArrayList<>();
        for (KeyRole r : values()) {
            out.add(r.label);
        }
        return out;
    }
}
