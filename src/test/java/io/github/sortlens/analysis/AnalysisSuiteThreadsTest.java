package io.github.sortlens.analysis;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.util.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The suite runs its independent single-threaded stages (ablations, the mechanism) side by side on two threads: the
 * results are the serial run's, byte for byte as written to disk.
 */
class AnalysisSuiteThreadsTest {

    @Test
    void stagesSideBySideGiveTheSerialResultsByteForByte() {
        RunConfig config = TinyRun.config();
        Weights w = TestWeights.random(config.model(), 61, 0.6);
        AnalysisResults serial = withThreads("1", () -> AnalysisSuite.run(config, w, List.of(),
                AnalysisSuite.Progress.NONE, ModelRunner.DEFAULT_CHUNK));
        AnalysisResults together = withThreads("2", () -> AnalysisSuite.run(config, w, List.of(),
                AnalysisSuite.Progress.NONE, ModelRunner.DEFAULT_CHUNK));
        assertEquals(Json.write(serial.ablations()), Json.write(together.ablations()));
        assertEquals(Json.write(serial.mechanism()), Json.write(together.mechanism()));
        assertEquals(Json.write(serial.patching()), Json.write(together.patching()));
    }

    private static AnalysisResults withThreads(String threads, java.util.function.Supplier<AnalysisResults> run) {
        String before = System.getProperty("sortlens.analysis_threads");
        System.setProperty("sortlens.analysis_threads", threads);
        try {
            return run.get();
        } finally {
            if (before == null) {
                System.clearProperty("sortlens.analysis_threads");
            } else {
                System.setProperty("sortlens.analysis_threads", before);
            }
        }
    }
}
