package io.github.sortlens.analysis;

/**
 * Every result of the suite; each field is written to its own file by {@link AnalysisFiles} (file name in brackets).
 *
 * @param meta        the seed and configs used ({@code meta.json})
 * @param examples    the example set ({@code examples.json})
 * @param evaluation  held-out evaluation ({@code evaluation.json})
 * @param predictions predicted vs actual per example ({@code predictions.json})
 * @param catalogue   activation-cache catalogue ({@code cache-catalogue.json})
 * @param circuits    weight circuits per head ({@code circuits.json})
 * @param attribution direct logit attribution ({@code attribution.json})
 * @param heatmaps    per-token heatmaps ({@code heatmaps.json})
 * @param attention   attention patterns and expected sources ({@code attention.json})
 * @param ablations   zero / mean / resample ablations ({@code ablations.json})
 * @param patching    activation patching ({@code patching.json})
 * @param mechanism   the measurements behind the findings ({@code mechanism.json}); {@code null} when reading results
 *                    written before that file existed
 * @param dynamics    progress measures over the training snapshots ({@code dynamics.json}), or null when the run
 *                    kept no snapshots
 * @param baselines   circuit statistics beside their untrained and permuted baselines ({@code baselines.json});
 *                    {@code null} when reading results written before that file existed
 */
public record AnalysisResults(AnalysisMeta meta, ExampleSet examples, EvaluationResult evaluation,
                              PredictionsResult predictions, CacheCatalogueResult catalogue, CircuitsResult circuits,
                              AttributionResult attribution, HeatmapsResult heatmaps, AttentionResult attention,
                              AblationResult ablations, PatchingResult patching,
                              MechanismResult mechanism, DynamicsResult dynamics, BaselineResult baselines) {

    /** The same results under another stamp. */
    public AnalysisResults withMeta(AnalysisMeta stamp) {
        return new AnalysisResults(stamp, examples, evaluation, predictions, catalogue, circuits, attribution, heatmaps,
                attention, ablations, patching, mechanism, dynamics, baselines);
    }
}
