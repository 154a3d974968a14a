package io.github.sortlens.analysis;

/**
 * One sequence of the example set.
 *
 * @param id          stable identifier: a curated case's name ({@code all-equal}, ...), {@code random-NN} or
 *                    {@code worst-NN}; the same seed and config give the same ids for the same sequences
 * @param kind        {@code curated}, {@code random} (a fixed held-out sample) or {@code worst} (lowest probability
 *                    of a correct token in the held-out evaluation)
 * @param description what the case is, in words
 * @param heldOutIndex index in the held-out set, or -1 for a curated case
 * @param tokens      [position] the whole sequence {@code [START, v_1..v_n, STOP, sorted]}
 */
public record Example(String id, String kind, String description, int heldOutIndex, int[] tokens) {

    public static final String CURATED = "curated";
    public static final String RANDOM = "random";
    public static final String WORST = "worst";

    /** What an id may be: it names a page and its files, so nothing that could leave the output folder. */
    public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";

    public Example {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("example id '" + id + "' is not allowed: lower-case letters, digits"
                    + " and '-', starting with a letter or digit, at most 64 characters");
        }
    }
}
