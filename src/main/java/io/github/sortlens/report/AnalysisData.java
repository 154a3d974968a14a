package io.github.sortlens.report;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.AttentionResult;
import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.CacheCatalogueResult;
import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.analysis.ExampleSet;
import io.github.sortlens.analysis.HeatmapsResult;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.analysis.PredictionsResult;
import io.github.sortlens.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The analysis suite's results as read from {@code <run>/analysis/<name>.json}; each is absent when its file is.
 * Per-example results are indexed in {@link #examples} order.
 */
public record AnalysisData(Optional<ExampleSet> examples, Optional<EvaluationResult> evaluation,
                           Optional<CircuitsResult> circuits, Optional<AttributionResult> attribution,
                           Optional<AttentionResult> attention, Optional<HeatmapsResult> heatmaps,
                           Optional<PredictionsResult> predictions, Optional<AblationResult> ablations,
                           Optional<PatchingResult> patching, Optional<CacheCatalogueResult> cacheCatalogue) {

    static AnalysisData load(Path dir) {
        return new AnalysisData(read(dir, "examples", ExampleSet.class), read(dir, "evaluation", EvaluationResult.class),
                read(dir, "circuits", CircuitsResult.class), read(dir, "attribution", AttributionResult.class),
                read(dir, "attention", AttentionResult.class), read(dir, "heatmaps", HeatmapsResult.class),
                read(dir, "predictions", PredictionsResult.class), read(dir, "ablations", AblationResult.class),
                read(dir, "patching", PatchingResult.class), read(dir, "cache-catalogue", CacheCatalogueResult.class));
    }

    private static <T> Optional<T> read(Path dir, String name, Class<T> type) {
        Path file = dir.resolve(name + ".json");
        return Files.exists(file) ? Optional.of(Json.read(file, type)) : Optional.empty();
    }

    /** True when the per-example pages can be built: the example set and the per-example results agree. */
    public boolean hasExamplePages() {
        return examples.isPresent() && predictions.isPresent() && attention.isPresent() && attribution.isPresent()
                && heatmaps.isPresent();
    }
}
