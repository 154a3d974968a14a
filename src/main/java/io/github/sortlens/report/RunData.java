package io.github.sortlens.report;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisMeta;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.train.HeldOutMetrics;
import io.github.sortlens.train.Manifest;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.TrainingHistory;
import io.github.sortlens.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the report reads from one run directory: training's outputs and the analysis results are required, the
 * manifest is optional.
 *
 * @param dir       the run directory
 * @param config    the resolved config the run was made with
 * @param configMap every config key with its value, in table order
 * @param history   training log rows and held-out rows
 * @param heldOut   final held-out metrics of the training stage
 * @param manifest  provenance, when the pipeline wrote one
 * @param analysis  the analysis suite's results (per example indexed in their example set's order)
 */
public record RunData(RunDirectory dir, RunConfig config, Map<String, String> configMap, TrainingHistory history,
                      HeldOutMetrics heldOut, Optional<Manifest> manifest,
                      AnalysisResults analysis) {

    /**
     * Reads a run directory under the config it records; a missing or unreadable required file is a
     * {@link ReportException} naming it.
     */
    public static RunData load(Path root) {
        return load(root, null);
    }

    /**
     * Reads a run directory to be presented under {@code config} (given in memory: the run directory is only read).
     * The model and train keys must be those training recorded ({@code config.properties}), the analysis keys those
     * the analysis recorded ({@code analysis/meta.json}); the report keys are taken from {@code config}. With a null
     * config, the recorded one is used as it is.
     */
    public static RunData load(Path root, RunConfig config) {
        RunDirectory dir = new RunDirectory(root);
        if (!Files.isDirectory(root)) {
            throw new ReportException("run directory " + root + " does not exist");
        }
        try {
            if (!Files.isDirectory(AnalysisFiles.directory(root))) {
                throw new ReportException("run directory " + root + " has no analysis results: run the analyse"
                        + " command first");
            }
            AnalysisResults analysis;
            try {
                analysis = AnalysisFiles.read(root);
            } catch (AnalysisFiles.InvalidFileException e) {
                throw new ReportException(e.getMessage(), e);   // a sweep analyses such a run again
            }
            RunConfig recorded = analysed(root, ConfigKeys.build(recordedKeys(dir)), analysis);
            if (config == null) {
                config = recorded;
            } else {
                requireSameRun(root, recorded, config);
            }
            TrainingHistory history = Json.read(dir.historyJson(), TrainingHistory.class);
            HeldOutMetrics heldOut = Json.read(dir.heldOut(), HeldOutMetrics.class);
            Optional<Manifest> manifest = Files.exists(dir.manifest())
                    ? Optional.of(Json.read(dir.manifest(), Manifest.class)) : Optional.empty();
            return new RunData(dir, config, ConfigKeys.toMap(config), history, heldOut, manifest, analysis);
        } catch (ReportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ReportException("cannot read run directory " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The keys training recorded, over the default report keys: report keys added later (e.g. {@code report.sweep_dir})
     * have no line in run directories written before them, and the report takes its own anyway.
     */
    private static Map<String, String> recordedKeys(RunDirectory dir) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        ConfigKeys.toMap(RunConfig.DEFAULTS).forEach((k, v) -> {
            if (k.startsWith("report.")) {
                keys.put(k, v);
            }
        });
        keys.putAll(ConfigKeys.readFile(dir.config()));
        return keys;
    }

    /** The trained run's config with the analysis keys the analysis was made with; its seed and model must match. */
    private static RunConfig analysed(Path root, RunConfig trained, AnalysisResults analysis) {
        AnalysisMeta meta = analysis.meta();
        if (meta.seed() != trained.train().seed() || !meta.model().equals(trained.model())) {
            throw new ReportException("run directory " + root + " holds analysis results of another model or seed"
                    + " than it trained: analyse it again");
        }
        return new RunConfig(trained.model(), trained.train(), meta.analysis(), trained.report());
    }

    private static void requireSameRun(Path root, RunConfig recorded, RunConfig asked) {
        Map<String, String> was = ConfigKeys.toMap(recorded);
        ConfigKeys.toMap(asked).forEach((key, value) -> {
            if (!key.startsWith("report.") && !value.equals(was.get(key))) {
                throw new ReportException("run directory " + root + " was made with " + key + "=" + was.get(key)
                        + ", not " + value + ": analyse it under this config first, or render it with its own");
            }
        });
    }
}
