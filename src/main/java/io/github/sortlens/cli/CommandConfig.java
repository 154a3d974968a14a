package io.github.sortlens.cli;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisMeta;
import io.github.sortlens.config.ConfigException;
import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.train.RunDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The config a command runs under: its config file and overrides, over what the run directory recorded. */
final class CommandConfig {

    private CommandConfig() {
    }

    /**
     * The config of the command. {@code analyse} and {@code render} of a given --run-dir take the keys training
     * recorded in its {@code config.properties} (and {@code render} the analysis keys of {@code analysis/meta.json}),
     * so they need not be repeated; a model or train key given that contradicts the recorded one is refused.
     */
    static RunConfig resolve(Arguments args) {
        boolean readsRun = args.command().equals("analyse") || args.command().equals("render");
        RunDirectory run = args.runDir() == null ? null : new RunDirectory(args.runDir());
        if (!readsRun || run == null || !Files.isRegularFile(run.config())) {
            return ConfigKeys.resolve(args.configFile(), args.overrides());
        }
        Map<String, String> given = new LinkedHashMap<>();
        if (args.configFile() != null) {
            given.putAll(ConfigKeys.readFile(args.configFile()));
        }
        given.putAll(args.overrides());
        Map<String, String> recorded = new LinkedHashMap<>(ConfigKeys.toMap(RunConfig.DEFAULTS));
        recorded.putAll(ConfigKeys.readFile(run.config()));
        Map<String, String> trained = ConfigKeys.toMap(ConfigKeys.build(recorded));
        Map<String, String> overrides = new LinkedHashMap<>(args.overrides());
        trained.forEach((key, value) -> {
            if ((key.startsWith("model.") || key.startsWith("train.")) && !given.containsKey(key)) {
                overrides.put(key, value);
            }
        });
        Path meta = AnalysisFiles.directory(run.root()).resolve(AnalysisFiles.META);
        if (args.command().equals("render") && Files.isRegularFile(meta)) {
            RunConfig analysed = new RunConfig(RunConfig.DEFAULTS.model(), RunConfig.DEFAULTS.train(),
                    AnalysisFiles.read(meta.getParent(), AnalysisFiles.META, AnalysisMeta.class).analysis(),
                    RunConfig.DEFAULTS.report());
            ConfigKeys.toMap(analysed).forEach((key, value) -> {
                if (key.startsWith("analysis.") && !given.containsKey(key)) {
                    overrides.put(key, value);
                }
            });
        }
        RunConfig config = ConfigKeys.resolve(args.configFile(), overrides);
        Map<String, String> asked = ConfigKeys.toMap(config);
        trained.forEach((key, value) -> {
            if ((key.startsWith("model.") || key.startsWith("train.")) && !value.equals(asked.get(key))) {
                throw new ConfigException("run directory " + run.root() + " was trained with " + key + "=" + value
                        + "; the " + key + "=" + ConfigException.show(given.get(key)) + " given here contradicts it:"
                        + " leave the key out (" + args.command() + " reads the run's keys from config.properties) or"
                        + " give another --run-dir");
            }
        });
        return config;
    }
}
