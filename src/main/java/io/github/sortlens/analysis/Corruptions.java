package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Corrupted versions of a clean sequence for activation patching. Each corruption changes the multiset of values,
 * so some sorted outputs change and the clean-vs-corrupted answer logit difference is defined.
 *
 * <p>Swapping two unsorted tokens is deliberately not offered: a permutation of the list leaves every sorted answer
 * unchanged, so the clean and corrupted answers coincide at every output and the normalised metric is 0/0.
 */
public final class Corruptions {

    public static final String CHANGE_ONE = "change-one";
    public static final String DUPLICATE_ONE = "duplicate-one";
    public static final List<String> KINDS = List.of(CHANGE_ONE, DUPLICATE_ONE);

    /** A corrupted sequence and what was done to it. */
    public record Corrupted(String kind, String description, int[] tokens) {
    }

    private final ModelConfig c;
    private final SortingTask task;

    public Corruptions(ModelConfig c) {
        this.c = c;
        this.task = new SortingTask(c);
    }

    /** The corruption of {@code kind}, or empty when it cannot change the answers (duplicating in an all-equal list). */
    public Optional<Corrupted> apply(String kind, int[] clean, SplitMix64 rng) {
        int[] values = task.values(clean);
        return switch (kind) {
            case CHANGE_ONE -> Optional.of(changeOne(values, rng));
            case DUPLICATE_ONE -> duplicateOne(values, rng);
            default -> throw new IllegalArgumentException("unknown corruption '" + kind + "'; known: " + KINDS);
        };
    }

    private Corrupted changeOne(int[] values, SplitMix64 rng) {
        int j = rng.nextInt(values.length);
        int old = values[j];
        int replacement = rng.nextInt(c.valueCount() - 1);
        replacement += replacement >= old ? 1 : 0;
        int[] out = values.clone();
        out[j] = replacement;
        return new Corrupted(CHANGE_ONE, "list index " + j + " (position " + (j + 1) + "): " + old + " -> "
                + replacement, task.sequence(out));
    }

    private Optional<Corrupted> duplicateOne(int[] values, SplitMix64 rng) {
        List<int[]> choices = new ArrayList<>();
        for (int from = 0; from < values.length; from++) {
            for (int to = 0; to < values.length; to++) {
                if (values[from] != values[to]) {
                    choices.add(new int[] {from, to});
                }
            }
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        int[] pick = choices.get(rng.nextInt(choices.size()));
        int[] out = Arrays.copyOf(values, values.length);
        out[pick[1]] = values[pick[0]];
        return Optional.of(new Corrupted(DUPLICATE_ONE, "value " + values[pick[0]] + " of list index " + pick[0]
                + " copied over list index " + pick[1] + " (was " + values[pick[1]] + ")", task.sequence(out)));
    }
}
