package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without Java kernels the compiled step runs SameDiff's own ops on SameDiff's own kernels, so training on it gives
 * the same bits as training through SameDiff; with them (the default) it stays within a float32 rounding of
 * SameDiff's numbers. Checked over steps that update the weights (so a plan reading stale parameter arrays would
 * fail) and across a change of batch size (which compiles a second plan).
 */
class CompiledStepTest {

    private static final int[] BATCHES = {4, 4, 4, 4, 4, 3, 3, 3, 4, 4};

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aPlanOfNativeOpsGivesSameDiffsBitsStepAfterStep(int heads) {
        ModelConfig c = new ModelConfig(8, 4, heads, 1, 12, 12);
        Weights w = TestWeights.random(c, 3, 0.4);
        TrainableModel plain = new TrainableModel(w, false);
        TrainableModel compiled = new TrainableModel(w, true, false);
        trainSideBySide(c, plain, compiled, (a, b) -> {
            assertEquals(a.loss(), b.loss());
            assertEquals(a.logits(), b.logits());
        });
        assertEquals(plain.snapshot(), compiled.snapshot());
        assertEquals(0.0, compiled.plan().differenceFromSameDiff(), "checked at compile time: the same bits");
        assertEquals(0, plain.compiledRuns());
        assertEquals(BATCHES.length - 3, compiled.compiledRuns(), "every step but the first of each batch shape");
    }

    /** Trains both models on the same batches with a plain gradient step, checking each step's pair. */
    private static void trainSideBySide(ModelConfig c, TrainableModel plain, TrainableModel compiled,
                                        java.util.function.BiConsumer<TrainableModel.Step, TrainableModel.Step> check) {
        SortingTask task = new SortingTask(c);
        SplitMix64 data = new SplitMix64(9);
        for (int batch : BATCHES) {
            int[][] tokens = task.randomSequences(data, batch);
            TrainableModel.Step a = plain.step(tokens);
            TrainableModel.Step b = compiled.step(tokens);
            check.accept(a, b);
            update(a.gradients(), plain::parameter);
            update(b.gradients(), compiled::parameter);
        }
    }

    /**
     * With Java kernels: each step's loss and logits within a float32 rounding of SameDiff's, and the weights after
     * ten updates too (the differences do not grow into a different model over a few steps).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aPlanWithJavaKernelsStaysWithinRoundingOfSameDiff(int heads) {
        ModelConfig c = new ModelConfig(8, 4, heads, 1, 12, 12);
        Weights w = TestWeights.random(c, 3, 0.4);
        TrainableModel plain = new TrainableModel(w, false);
        TrainableModel compiled = new TrainableModel(w, true, true);
        trainSideBySide(c, plain, compiled, (a, b) -> {
            assertEquals(a.loss(), b.loss(), 1e-5 * a.loss());
            assertClose(a.logits().data(), b.logits().data(), 1e-5);
        });
        for (Param p : Param.values()) {
            assertClose(plain.snapshot().get(p).data(), compiled.snapshot().get(p).data(), 1e-5);
        }
        assertEquals(BATCHES.length - 3, compiled.compiledRuns(), "every step but the first of each batch shape");
        assertTrue(compiled.plan().javaKernels() >= 5, compiled.plan().byOp().toString());
        double checked = compiled.plan().differenceFromSameDiff();
        assertTrue(checked <= CompiledSteps.TOLERANCE, "checked at compile time: " + checked);
    }

    /** The ensemble with Java kernels: each model's loss, the logits and the weights within rounding of SameDiff. */
    @Test
    void anEnsembleWithJavaKernelsStaysWithinRoundingOfSameDiff() {
        ModelConfig c = TestWeights.TINY;
        List<Weights> members = List.of(TestWeights.random(c, 1, 0.4), TestWeights.random(c, 2, 0.4));
        EnsembleModel plain = new EnsembleModel(members, false);
        EnsembleModel compiled = new EnsembleModel(members, true, true);
        SortingTask task = new SortingTask(c);
        SplitMix64 data = new SplitMix64(5);
        for (int batch : BATCHES) {
            int[][][] tokens = {task.randomSequences(data, batch), task.randomSequences(data, batch)};
            EnsembleModel.Step a = plain.step(tokens);
            EnsembleModel.Step b = compiled.step(tokens);
            for (int m = 0; m < 2; m++) {
                assertEquals(a.losses()[m], b.losses()[m], 1e-5 * a.losses()[m]);
            }
            for (int m = 0; m < 2; m++) {
                assertClose(a.logits().get(m).data(), b.logits().get(m).data(), 1e-5);
            }
            update(a.gradients(), plain::parameter);
            update(b.gradients(), compiled::parameter);
        }
        for (int m = 0; m < 2; m++) {
            for (Param p : Param.values()) {
                assertClose(plain.snapshot(m).get(p).data(), compiled.snapshot(m).get(p).data(), 1e-5);
            }
        }
        assertTrue(compiled.plan().javaKernels() >= 5, compiled.plan().byOp().toString());
    }

    /** max |a - b| at most tol times max |a|. */
    private static void assertClose(float[] a, float[] b, double tol) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(diff <= tol * scale, "difference " + diff + " against a largest value of " + scale);
    }

    @Test
    void anEnsembleOfNativeOpsGivesSameDiffsBitsStepAfterStep() {
        ModelConfig c = TestWeights.TINY;
        List<Weights> members = List.of(TestWeights.random(c, 1, 0.4), TestWeights.random(c, 2, 0.4),
                TestWeights.random(c, 3, 0.4));
        EnsembleModel plain = new EnsembleModel(members, false);
        EnsembleModel compiled = new EnsembleModel(members, true, false);
        SortingTask task = new SortingTask(c);
        SplitMix64 data = new SplitMix64(5);
        for (int batch : BATCHES) {
            int[][][] tokens = new int[3][][];
            for (int m = 0; m < 3; m++) {
                tokens[m] = task.randomSequences(data, batch);
            }
            EnsembleModel.Step a = plain.step(tokens);
            EnsembleModel.Step b = compiled.step(tokens);
            assertArrayEquals(a.losses(), b.losses());
            assertEquals(a.logits(), b.logits());
            update(a.gradients(), plain::parameter);
            update(b.gradients(), compiled::parameter);
        }
        for (int m = 0; m < 3; m++) {
            assertEquals(plain.snapshot(m), compiled.snapshot(m));
        }
        assertEquals(BATCHES.length - 3, compiled.compiledRuns(), "every step but the first of each batch shape");
    }

    /**
     * The plan of the default config runs no op that does no work: no {@code shape_of} (fixed once shapes are) and
     * no reshape (a view of its input), and the slow native ops (softmax, the loss, the bias gradients) run as Java
     * kernels, while staying within the compile-time check of SameDiff's step.
     */
    @Test
    void theDefaultPlanLeavesOutShapeOfAndReshapes() {
        ModelConfig c = ModelConfig.SEED;
        TrainableModel model = new TrainableModel(TestWeights.random(c, 4, 0.1), true);
        int[][] tokens = new SortingTask(c).randomSequences(new SplitMix64(6), 2);
        model.step(tokens);
        model.step(tokens);
        PlanProfile plan = model.plan();
        assertEquals(1, model.compiledRuns());
        assertFalse(plan.byOp().containsKey("shape_of"), plan.byOp().toString());
        assertFalse(plan.byOp().containsKey("reshape"), plan.byOp().toString());
        assertTrue(plan.leftOut() > 0);
        assertTrue(plan.nativeCalls() < 35, plan.nativeCalls() + " native calls: " + plan.byOp());
        for (String op : List.of("softmax", "softmax_bp", "softmax_cross_entropy_loss_grad", "add_bp")) {
            assertTrue(plan.byOp().containsKey(op + CompiledStep.JAVA), op + " is a Java kernel: " + plan.byOp());
            assertFalse(plan.byOp().containsKey(op), op + " is not native: " + plan.byOp());
        }
        assertFalse(plan.byOp().containsKey("softmax_cross_entropy_loss"), "the loss is computed with its gradient");
    }

    /** A plain gradient step, in place, as the optimiser updates the live arrays. */
    private static void update(Map<Param, INDArray> gradients, java.util.function.Function<Param, INDArray> params) {
        for (Param p : Param.values()) {
            INDArray live = params.apply(p);
            live.subi(gradients.get(p).reshape(live.shape()).mul(0.05));
        }
    }
}
