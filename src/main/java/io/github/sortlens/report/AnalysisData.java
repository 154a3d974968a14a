package io.github.sortlens.report;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.AnalysisMeta;
import io.github.sortlens.analysis.AttentionResult;
import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.CacheCatalogueResult;
import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.analysis.DynamicsResult;
import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.analysis.ExampleSet;
import io.github.sortlens.analysis.HeatmapsResult;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.analysis.PredictionsResult;
import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The analysis suite's results as read by {@link AnalysisFiles} from {@code <run>/analysis/}; all absent when the run
 * was not analysed, so the site then shows only the pages that need no analysis.
 * Per-example results are indexed in {@link #examples} order.
 */
public record AnalysisData(Optional<AnalysisMeta> meta, Optional<ExampleSet> examples, Optional<EvaluationResult> evaluation,
                           Optional<CircuitsResult> circuits, Optional<AttributionResult> attribution,
                           Optional<AttentionResult> attention, Optional<HeatmapsResult> heatmaps,
                           Optional<PredictionsResult> predictions, Optional<AblationResult> ablations,
                           Optional<PatchingResult> patching, Optional<CacheCatalogueResult> cacheCatalogue,
                           Optional<MechanismResult> mechanism, Optional<DynamicsResult> dynamics) {

    /** Reads {@code <run>/analysis/} when the analysis stage wrote it; all results or none. */
    static AnalysisData load(Path runDir) {
        if (!Files.isDirectory(AnalysisFiles.directory(runDir))) {
            return new AnalysisData(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        AnalysisResults r = AnalysisFiles.read(runDir);
        return new AnalysisData(Optional.of(r.meta()), Optional.of(r.examples()), Optional.of(r.evaluation()), Optional.of(r.circuits()),
                Optional.of(r.attribution()), Optional.of(r.attention()), Optional.of(r.heatmaps()),
                Optional.of(r.predictions()), Optional.of(r.ablations()), Optional.of(r.patching()),
                Optional.of(r.catalogue()), Optional.ofNullable(r.mechanism()), Optional.ofNullable(r.dynamics()));
    }

    /** True when the per-example pages can be built: the example set and the per-example results agree. */
    public boolean hasExamplePages() {
        return examples.isPresent() && predictions.isPresent() && attention.isPresent() && attribution.isPresent()
                && heatmaps.isPresent();
    }
}
