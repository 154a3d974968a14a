package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainableModelTest {

    /** SameDiff's gradient of every parameter against central differences of the naive double-precision loss. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void gradientsMatchFiniteDifferencesOfTheNaiveLoss(int heads) {
        ModelConfig c = new ModelConfig(8, 4, heads, 1, 12, 12);
        Weights w = TestWeights.random(c, 11, 0.4);
        int[][] tokens = new SortingTask(c).randomSequences(new SplitMix64(8), 4);
        TrainableModel.Step step = new TrainableModel(w).step(tokens);
        assertEquals(new NaiveTransformer(w).loss(tokens), step.loss(), 1e-4);

        SplitMix64 pick = new SplitMix64(1);
        double eps = 1e-3;
        for (Param p : Param.values()) {
            INDArray grad = step.gradients().get(p);
            for (int trial = 0; trial < 4; trial++) {
                int i = pick.nextInt(w.get(p).size());
                double fd = (lossWith(w, p, i, eps, tokens) - lossWith(w, p, i, -eps, tokens)) / (2 * eps);
                double g = grad.getDouble(i);
                assertTrue(Math.abs(g - fd) <= 2e-4 + 2e-2 * Math.abs(fd),
                        p.tlName() + "[" + i + "]: SameDiff " + g + ", finite differences " + fd);
            }
        }
    }

    private static double lossWith(Weights w, Param p, int index, double delta, int[][] tokens) {
        Tensor t = w.get(p).copy();
        t.data()[index] = (float) (t.data()[index] + delta);
        return new NaiveTransformer(w.with(p, t)).loss(tokens);
    }

    /** The training graph (cheaper causal mask) and the analysis graph give the same logits. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void trainingAndAnalysisGraphsAgree(int heads) {
        ModelConfig c = new ModelConfig(16, 8, heads, 1, 14, 10);
        Weights w = TestWeights.random(c, 21, 0.5);
        int[][] tokens = new SortingTask(c).randomSequences(new SplitMix64(4), 6);
        Tensor training = new TrainableModel(w).step(tokens).logits();
        Tensor analysis = new SortingTransformer(w).logits(tokens);
        assertTrue(training.maxAbsDiff(analysis) < 1e-5, "differ by " + training.maxAbsDiff(analysis));
    }
}
