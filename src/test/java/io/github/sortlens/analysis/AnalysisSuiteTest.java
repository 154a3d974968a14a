package io.github.sortlens.analysis;

import io.github.sortlens.config.AnalysisConfig;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.ReportConfig;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalysisSuiteTest {

    private static final ModelConfig C = TestWeights.TINY_2_HEADS;
    private static final RunConfig CONFIG = new RunConfig(C, TrainConfig.SEED, new AnalysisConfig(100, 4, 3, 100),
            ReportConfig.DEFAULT);
    private static final Weights W = TestWeights.random(C, 81, 0.7);
    private static AnalysisResults results;

    @BeforeAll
    static void runOnce() {
        List<String> steps = new ArrayList<>();
        results = AnalysisSuite.run(CONFIG, W, (name, nanos) -> steps.add(name), 40);
        assertEquals(List.of("evaluation", "examples", "example-run", "predictions", "cache-catalogue", "circuits",
                "baselines", "attribution", "heatmaps", "attention", "ablations", "mechanism", "patching"), steps);
    }

    @Test
    void everyPerExampleResultCoversTheExampleSet() {
        List<String> ids = results.examples().ids();
        assertEquals(ids, results.predictions().exampleIds());
        assertEquals(ids, results.attribution().exampleIds());
        assertEquals(ids, results.heatmaps().exampleIds());
        assertEquals(ids, results.attention().exampleIds());
        assertEquals(100, results.evaluation().sequences());
        assertEquals(3, results.evaluation().worst().size());
        assertEquals(results.evaluation().meanLoss(), results.ablations().clean().loss(), 1e-9);
        // the findings' held-out figures are the evaluation's, with intervals around them
        assertEquals(results.evaluation().tokenAccuracy(), results.mechanism().heldOut().tokenAccuracy(), 1e-12);
        assertEquals(results.evaluation().fractionFullySorted(), results.mechanism().heldOut().fullySorted(), 1e-12);
        assertTrue(ids.contains("worst-02") && ids.contains("random-03") && ids.contains("all-equal"));
    }

    @Test
    void theSameWeightsAndConfigGiveByteIdenticalFiles(@TempDir Path dir) throws IOException {
        AnalysisFiles.write(dir.resolve("a"), results);
        AnalysisFiles.write(dir.resolve("b"), AnalysisSuite.run(CONFIG, W, AnalysisSuite.Progress.NONE, 40));
        List<String> names = list(AnalysisFiles.directory(dir.resolve("a")));
        assertEquals(13, names.size());
        for (String name : names) {
            assertEquals(Files.readString(AnalysisFiles.directory(dir.resolve("a")).resolve(name)),
                    Files.readString(AnalysisFiles.directory(dir.resolve("b")).resolve(name)), name);
        }
    }

    @Test
    void filesReadBackIntoTheSameRecords(@TempDir Path dir) {
        AnalysisFiles.write(dir, results);
        AnalysisResults back = AnalysisFiles.read(dir);
        for (int i = 0; i < AnalysisResults.class.getRecordComponents().length; i++) {
            var component = AnalysisResults.class.getRecordComponents()[i];
            try {
                assertEquals(AnalysisFiles.toJson(component.getAccessor().invoke(results)),
                        AnalysisFiles.toJson(component.getAccessor().invoke(back)), component.getName());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(results.meta(), back.meta());
    }

    @Test
    void aFailedWriteLeavesThePreviousResultsAndNoDebris(@TempDir Path dir) throws IOException {
        AnalysisFiles.write(dir, results);
        String before = Files.readString(AnalysisFiles.directory(dir).resolve(AnalysisFiles.EVALUATION));
        EvaluationResult e = results.evaluation();
        EvaluationResult broken = new EvaluationResult(e.sequences(), e.tokenAccuracy(), Double.NaN,
                e.correctProbMean(), e.correctProbMedian(), e.correctProbMin(), e.fractionFullySorted(),
                e.accuracyByPosition(), e.lossByPosition(), e.byDuplicates(), e.byGap(), e.worst(), e.wrongOutputs(),
                e.wrongNotInList(), e.wrongStartOrStop(), e.duplicatesByGap());
        AnalysisResults bad = new AnalysisResults(results.meta(), results.examples(), broken, results.predictions(),
                results.catalogue(), results.circuits(), results.attribution(), results.heatmaps(),
                results.attention(), results.ablations(), results.patching(), results.mechanism(), null,
                results.baselines());
        Exception error = assertThrows(Exception.class, () -> AnalysisFiles.write(dir, bad));
        assertTrue(String.valueOf(error.getMessage()).contains("NaN")
                || String.valueOf(error.getCause()).contains("NaN"), error.toString());
        assertEquals(before, Files.readString(AnalysisFiles.directory(dir).resolve(AnalysisFiles.EVALUATION)));
        assertEquals(List.of(AnalysisFiles.DIRECTORY), list(dir));
    }

    @Test
    void weightsOfAnotherShapeThanTheConfigAreAClearError() {
        Weights other = TestWeights.random(TestWeights.TINY, 1, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnalysisSuite.run(CONFIG, other));
        assertTrue(e.getMessage().contains("does not match the checkpoint"), e.getMessage());
        assertTrue(e.getMessage().contains("nHeads=2") && e.getMessage().contains("nHeads=1"), e.getMessage());
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
