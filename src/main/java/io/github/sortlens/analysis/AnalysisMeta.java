package io.github.sortlens.analysis;

import io.github.sortlens.config.AnalysisConfig;
import io.github.sortlens.config.ModelConfig;

/**
 * What the analysis results were computed from ({@code meta.json}), stamped beside them.
 *
 * @param seed     the one seed; the held-out set, examples, resampling and corruptions derive from it
 * @param model    the model's shape
 * @param analysis the analysis sizes
 */
public record AnalysisMeta(long seed, ModelConfig model, AnalysisConfig analysis) {
}
