package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Where a sorting head should look: for output {@code i} (the i-th smallest value, predicted at position
 * {@code n+1+i}), the position in the unsorted half that holds that value.
 *
 * <p>Duplicates rule: equal values are matched in input order, i.e. a stable sort. If value {@code x} occurs
 * {@code m} times and output {@code i} is its {@code k}-th copy in the sorted list, the expected source is the
 * position of the {@code k}-th occurrence of {@code x} in the unsorted list (reading left to right). A head that
 * spreads attention over all copies of {@code x} is just as right about the value; the attention analysis also
 * reports the fraction on any copy.
 */
public final class ExpectedSources {

    public static final String DUPLICATES_RULE = "equal values match in input order (a stable sort): the k-th copy of"
            + " a value in the sorted list maps to the k-th position holding that value in the unsorted list";

    private ExpectedSources() {
    }

    /** [sorted index] sequence position ({@code 1..n}) of the value each output copies. */
    public static int[] of(ModelConfig c, int[] tokens) {
        int n = c.listLength();
        int[] values = SequenceLayout.of(c).inputs(tokens);
        return IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingInt(j -> values[j]).thenComparingInt(j -> j))
                .mapToInt(j -> j + 1).toArray();
    }
}
