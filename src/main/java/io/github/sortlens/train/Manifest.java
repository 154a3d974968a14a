package io.github.sortlens.train;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Provenance of a run directory: what made it and how long each stage took. Written by the pipeline after each
 * stage; the report's About page shows it.
 *
 * @param seed            the one seed
 * @param configHash      SHA-256 prefix of the model and train config and the training arithmetic (names the default
 *                        run directory)
 * @param versions        tool, Java, ND4J versions
 * @param backend         ND4J backend, BLAS and device that ran training
 * @param gitCommit       commit of the code that trained, or "unknown"
 * @param stageSeconds    wall time per stage ("train", "analysis")
 * @param msPerStep       mean training step time of the last training session
 * @param stepsRun        steps run in that session (fewer than train.steps after a resume)
 * @param weightsSha256   SHA-256 of {@code weights.npz} as training wrote it, so a replaced file is noticed
 * @param snapshotSha256  SHA-256 of each file in {@code snapshots/} as training wrote it, by file name (null in a
 *                        manifest from before they were recorded)
 * @param trainedAt       when training finished, ISO-8601 in UTC to the second ({@code 2026-12-07T02:40:00Z}): the
 *                        run's date, which the report names and cites; null in manifests written before it existed
 */
public record Manifest(long seed, String configHash, Map<String, String> versions, Backend.Info backend,
                       String gitCommit, Map<String, Double> stageSeconds, double msPerStep, int stepsRun,
                       String weightsSha256, Map<String, String> snapshotSha256, String trainedAt) {

    /** The same manifest with one stage's wall time added or replaced. */
    public Manifest withStage(String stage, double seconds) {
        Map<String, Double> times = new java.util.LinkedHashMap<>(stageSeconds);
        times.put(stage, seconds);
        return new Manifest(seed, configHash, versions, backend, gitCommit, times, msPerStep, stepsRun, weightsSha256,
                snapshotSha256, trainedAt);
    }

    /** The same manifest recording another weights file hash. */
    public Manifest withWeightsSha256(String sha256) {
        return new Manifest(seed, configHash, versions, backend, gitCommit, stageSeconds, msPerStep, stepsRun, sha256,
                snapshotSha256, trainedAt);
    }

    /** The same manifest recording the snapshots' hashes. */
    public Manifest withSnapshotSha256(Map<String, String> snapshots) {
        return new Manifest(seed, configHash, versions, backend, gitCommit, stageSeconds, msPerStep, stepsRun,
                weightsSha256, snapshots, trainedAt);
    }

    /** Now, as {@link #trainedAt} records it. */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
