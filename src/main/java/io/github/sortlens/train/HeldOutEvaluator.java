package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Chunks;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.SortingTransformer;
import io.github.sortlens.model.Weights;

/**
 * Loss, token accuracy and fully-sorted fraction on fresh sequences from the held-out stream (derived from the one
 * seed, never drawn by training). Runs in chunks to bound memory.
 */
public final class HeldOutEvaluator {

    /** Name of the held-out stream: the analysis stage draws its held-out set from the same one. */
    public static final String HELD_OUT_STREAM = "held-out";
    /**
     * Sequences per forward pass. Larger than the analysis' chunks: this runs inside training, where memory is spare;
     * kept at 1000 so that histories stay bitwise comparable with those of earlier runs.
     */
    private static final Chunks CHUNKS = new Chunks(1000);

    private final int[][] sequences;
    private final Scoring scoring;

    public HeldOutEvaluator(RunConfig config, int size) {
        SortingTask task = new SortingTask(config.model());
        this.sequences = task.randomSequences(SplitMix64.derive(config.train().seed(), HELD_OUT_STREAM), size);
        this.scoring = new Scoring(config.model());
    }

    public HeldOutMetrics evaluate(Weights weights, int step) {
        SortingTransformer model = new SortingTransformer(weights);
        return HeldOutMetrics.of(step, scoring.score(sequences, CHUNKS, (from, chunk) -> model.logits(chunk)));
    }
}
