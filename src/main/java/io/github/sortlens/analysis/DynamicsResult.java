package io.github.sortlens.analysis;

import java.util.List;

/**
 * How the model changes over training: progress measures at every weight snapshot, measured on one fixed held-out
 * set, and the main circuits at a few chosen snapshots.
 *
 * @param sequences      held-out sequences every snapshot is measured on (the first ones of the held-out set)
 * @param head           the head whose circuits and attention are followed, e.g. {@code L0H0}
 * @param steps          [snapshot] training steps, ascending (0 is the initial weights)
 * @param measures       the progress measures, each with one value per snapshot
 * @param tokenLabels    labels of the value tokens (rows and columns of the circuit blocks)
 * @param example        the fixed sequence whose attention pattern is followed
 * @param queryLabels    labels of the pattern's query rows (the positions that predict a sorted token)
 * @param keyLabels      labels of the pattern's key columns (every position)
 * @param circuitSteps   [chosen] the snapshots whose circuits are kept (a subset of {@code steps})
 * @param qkTokenBlock   [chosen][query value][key value] the weights-only QK circuit between value tokens
 * @param ovCentred      [chosen][source value][output value] the OV token block, each output column centred
 * @param pattern        [chosen][query][key] the example's attention pattern at the predicting positions
 */
public record DynamicsResult(int sequences, String head, int[] steps, List<Measure> measures,
                             List<String> tokenLabels, int[] example, List<String> queryLabels,
                             List<String> keyLabels, int[] circuitSteps, double[][][] qkTokenBlock,
                             double[][][] ovCentred, double[][][] pattern) {

    /**
     * One progress measure over training.
     *
     * @param id      stable id, e.g. {@code fully-sorted}
     * @param name    what it is, in a few words
     * @param meaning how it is computed, in one sentence
     * @param format  {@code percent} for fractions, {@code number} otherwise
     * @param values    [snapshot] its value at each step of {@link #steps}
     * @param sequences how many of the held-out sequences it is measured on: the first ones; 0 for all of them
     */
    public record Measure(String id, String name, String meaning, String format, double[] values, int sequences) {

        /** A measure on all the held-out sequences. */
        public Measure(String id, String name, String meaning, String format, double[] values) {
            this(id, name, meaning, format, values, 0);
        }
    }

    /** The same result with {@code more} measures after its own. */
    public DynamicsResult withMeasures(List<Measure> more) {
        List<Measure> all = new java.util.ArrayList<>(measures);
        all.addAll(more);
        return new DynamicsResult(sequences, head, steps, List.copyOf(all), tokenLabels, example, queryLabels,
                keyLabels, circuitSteps, qkTokenBlock, ovCentred, pattern);
    }

    /** The measure with this id. */
    public Measure measure(String id) {
        return measures.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no progress measure " + id));
    }
}
