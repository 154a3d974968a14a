package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Corrupted versions of a clean sequence for activation patching. Each corruption changes exactly one input token
 * and is read at exactly one sorted output, whose answer it changes; everything that output's prediction can see
 * (causal attention: the positions up to its query) is otherwise the clean sequence.
 *
 * <ul>
 *   <li>{@value #LIST_VALUE}: one unsorted value {@code v} becomes {@code v'} while keeping its rank, so the sorted
 *       list changes at one slot {@code j} only ({@code v -> v'}). The sorted half fed in as input is left as it
 *       was; the prefix before slot {@code j} is the same for both lists, so the read output's context is a valid
 *       sequence for the corrupted list. Question: how does a list value reach the output?</li>
 *   <li>{@value #PREVIOUS_OUTPUT}: the list is kept; the previous output fed in at the query of slot {@code j} is
 *       replaced by another list value {@code p'} that occurs once, so a sorter's next answer becomes the value
 *       after {@code p'} in sorted order. Question: does the model choose its answer from the previous output?</li>
 * </ul>
 *
 * <p>Swapping two unsorted tokens is deliberately not offered: a permutation of the list leaves every sorted answer
 * unchanged, so the clean and corrupted answers coincide and the normalised metric is 0/0.
 */
public final class Corruptions {

    public static final String LIST_VALUE = "list-value";
    public static final String PREVIOUS_OUTPUT = "previous-output";
    public static final List<String> KINDS = List.of(LIST_VALUE, PREVIOUS_OUTPUT);

    /**
     * A corrupted sequence and what was done to it.
     *
     * @param kind            {@link #KINDS}
     * @param description     what was changed, in words
     * @param tokens          [n_ctx] the corrupted sequence
     * @param changedPosition the one position whose token differs from the clean sequence
     * @param readOutput      the sorted slot whose answer the corruption changes (the only one read)
     * @param cleanAnswer     that slot's answer in the clean sequence
     * @param corruptedAnswer that slot's answer for a sorter given the corrupted input
     */
    public record Corrupted(String kind, String description, int[] tokens, int changedPosition, int readOutput,
                            int cleanAnswer, int corruptedAnswer) {
    }

    private final ModelConfig c;
    private final SortingTask task;

    public Corruptions(ModelConfig c) {
        this.c = c;
        this.task = new SortingTask(c);
    }

    /** The corruption of {@code kind}, or empty when no corruption of that kind exists for this list. */
    public Optional<Corrupted> apply(String kind, int[] clean, SplitMix64 rng) {
        return switch (kind) {
            case LIST_VALUE -> listValue(clean, rng);
            case PREVIOUS_OUTPUT -> previousOutput(clean, rng);
            default -> throw new IllegalArgumentException("unknown corruption '" + kind + "'; known: " + KINDS);
        };
    }

    /** Every (list index, new value) that changes the sorted list at exactly one slot; one is drawn. */
    private Optional<Corrupted> listValue(int[] clean, SplitMix64 rng) {
        int[] values = task.values(clean);
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        List<int[]> choices = new ArrayList<>();   // {list index, new value, slot}
        for (int k = 0; k < values.length; k++) {
            for (int v = 0; v < c.valueCount(); v++) {
                if (v == values[k]) {
                    continue;
                }
                int[] changed = values.clone();
                changed[k] = v;
                Arrays.sort(changed);
                int slot = onlyDifference(sorted, changed);
                if (slot >= 0) {
                    choices.add(new int[] {k, v, slot});
                }
            }
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        int[] pick = choices.get(rng.nextInt(choices.size()));
        int k = pick[0];
        int slot = pick[2];
        int position = 1 + k;
        int[] tokens = clean.clone();
        tokens[position] = pick[1];
        return Optional.of(new Corrupted(LIST_VALUE, "list index " + k + " (position " + position + "): "
                + values[k] + " -> " + pick[1] + "; sorted output " + slot + " becomes " + pick[1] + " (was "
                + sorted[slot] + ")", tokens, position, slot, sorted[slot], pick[1]));
    }

    /** Every (slot, list value occurring once) whose successor differs from the clean answer; one is drawn. */
    private Optional<Corrupted> previousOutput(int[] clean, SplitMix64 rng) {
        int[] sorted = task.values(clean);
        Arrays.sort(sorted);
        int n = sorted.length;
        List<int[]> choices = new ArrayList<>();   // {slot, index in sorted of the new previous output}
        for (int slot = 1; slot < n; slot++) {
            for (int i = 0; i + 1 < n; i++) {
                boolean once = (i == 0 || sorted[i - 1] != sorted[i]) && sorted[i + 1] != sorted[i];
                if (once && sorted[i] != sorted[slot - 1] && sorted[i + 1] != sorted[slot]) {
                    choices.add(new int[] {slot, i});
                }
            }
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        int[] pick = choices.get(rng.nextInt(choices.size()));
        int slot = pick[0];
        int previous = sorted[pick[1]];
        int answer = sorted[pick[1] + 1];
        int position = SequenceLayout.of(c).predictorOf(slot);   // holds output slot - 1, read to predict slot
        int[] tokens = clean.clone();
        tokens[position] = previous;
        return Optional.of(new Corrupted(PREVIOUS_OUTPUT, "previous output at position " + position + ": "
                + sorted[slot - 1] + " -> " + previous + "; a sorter's output " + slot + " becomes " + answer
                + " (was " + sorted[slot] + ")", tokens, position, slot, sorted[slot], answer));
    }

    /** The one index where two sorted arrays differ, or -1 when they differ at none or at several. */
    private static int onlyDifference(int[] a, int[] b) {
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                if (at >= 0) {
                    return -1;
                }
                at = i;
            }
        }
        return at;
    }
}
