package io.github.sortlens.analysis;

import java.util.List;

/**
 * The sequences every per-example analysis covers, in a fixed order: curated edge cases, then the random held-out
 * sample, then the worst held-out sequences. Results indexed by {@code example} follow this order.
 *
 * @param examples the examples, in order
 */
public record ExampleSet(List<Example> examples) {

    public ExampleSet {
        examples = List.copyOf(examples);
    }

    /** [example, position] the token rows, in order. */
    public int[][] tokens() {
        return examples.stream().map(Example::tokens).toArray(int[][]::new);
    }

    /** The ids, in order. */
    public List<String> ids() {
        return examples.stream().map(Example::id).toList();
    }

    public int size() {
        return examples.size();
    }
}
