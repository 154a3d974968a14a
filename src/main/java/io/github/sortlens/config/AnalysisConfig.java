package io.github.sortlens.config;

import static io.github.sortlens.config.ConfigException.require;

/**
 * Sizes of the analysis suite.
 *
 * @param heldOutSize   fresh sequences for the held-out evaluation and the ablations (never trained on)
 * @param randomExamples held-out sequences sampled into the example set (beside the worst and the curated ones)
 * @param worstExamples  worst held-out sequences (by lowest probability of a correct token) in the example set
 * @param dynamicsSize   fixed held-out sequences on which every training snapshot is measured
 */
public record AnalysisConfig(int heldOutSize, int randomExamples, int worstExamples, int dynamicsSize) {

    public static final AnalysisConfig DEFAULT = new AnalysisConfig(10_000, 32, 10, 1_000);

    public AnalysisConfig {
        require(heldOutSize >= 100 && heldOutSize <= 1_000_000, ConfigKeys.HELD_OUT_SIZE, heldOutSize,
                "an integer from 100 to 1000000");
        require(randomExamples >= 1 && randomExamples <= 1_000, ConfigKeys.RANDOM_EXAMPLES, randomExamples,
                "an integer from 1 to 1000");
        require(worstExamples >= 0 && worstExamples <= 1_000, ConfigKeys.WORST_EXAMPLES, worstExamples,
                "an integer from 0 to 1000");
        require(dynamicsSize >= 10 && dynamicsSize <= heldOutSize, ConfigKeys.DYNAMICS_SIZE, dynamicsSize,
                "an integer from 10 to " + ConfigKeys.HELD_OUT_SIZE.name() + " (" + heldOutSize + "): the first"
                        + " sequences of the held-out set");
    }
}
