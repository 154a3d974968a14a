package io.github.sortlens.config;

/** Everything one run is made from. Immutable; every part is validated where it is built. */
public record RunConfig(ModelConfig model, TrainConfig train, AnalysisConfig analysis, ReportConfig report) {

    public static final RunConfig DEFAULTS =
            new RunConfig(ModelConfig.SEED, TrainConfig.SEED, AnalysisConfig.DEFAULT, ReportConfig.DEFAULT);
}
