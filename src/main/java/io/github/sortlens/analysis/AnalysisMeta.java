package io.github.sortlens.analysis;

import io.github.sortlens.config.AnalysisConfig;
import io.github.sortlens.config.ModelConfig;

/**
 * What the analysis results were computed from ({@code meta.json}), stamped beside them.
 *
 * @param seed     the one seed; the held-out set, examples, resampling and corruptions derive from it
 * @param model    the model's shape
 * @param analysis the analysis sizes
 * @param format   the layout of the result files ({@link #FORMAT} when written); results in another layout are read
 *                 by no one: they are made again
 * @param weightsSha256 SHA-256 of the weights file analysed (its manifest's), or null when not recorded
 * @param code     fingerprint of the code and libraries that computed the results ({@code CodeFingerprint}), or null
 */
public record AnalysisMeta(long seed, ModelConfig model, AnalysisConfig analysis, int format, String weightsSha256,
                           String code) {

    /**
     * The layout of the analysis files this version writes and reads. Raise it whenever a result record gains,
     * loses or changes a field, so that results written by another version are analysed again rather than read
     * wrongly. 2: the exact decomposition, the reconstruction ladder, key/value/query patching and the baselines;
     * 3: the logit difference without its split by source value (the decomposition by key role replaced it), and a
     * progress measure's sequence count.
     */
    public static final int FORMAT = 3;

    /** The stamp of results computed now. */
    public static AnalysisMeta of(long seed, ModelConfig model, AnalysisConfig analysis) {
        return new AnalysisMeta(seed, model, analysis, FORMAT, null, null);
    }

    /** The same stamp recording which weights file and which code computed the results. */
    public AnalysisMeta from(String weightsSha256, String code) {
        return new AnalysisMeta(seed, model, analysis, format, weightsSha256, code);
    }

    /**
     * True when results stamped {@code previous} are what an analysis stamped like this one would compute: the same
     * seed, model, analysis keys, layout, weights file and code (a stamp that records no weights or code never is).
     */
    public boolean reusable(AnalysisMeta previous) {
        return previous != null && weightsSha256 != null && code != null && equals(previous);
    }
}
