package io.github.sortlens.analysis;

import io.github.sortlens.config.AnalysisConfig;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;

/** Small example sets and held-out sets for the analysis tests. */
final class Fixtures {

    private Fixtures() {
    }

    static int[][] heldOut(ModelConfig c, int count, long seed) {
        return new SortingTask(c).randomSequences(new SplitMix64(seed), count);
    }

    /** Curated cases plus a few random held-out sequences and the first two as "worst". */
    static ExampleSet examples(ModelConfig c, long seed) {
        return new ExampleSetBuilder(c).build(seed, new AnalysisConfig(100, 4, 2, 100), heldOut(c, 20, seed),
                new int[] {0, 1});
    }
}
