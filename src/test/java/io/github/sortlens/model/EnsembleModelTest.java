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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnsembleModelTest {

    /**
     * Each model of the ensemble gets exactly what it would get alone: its loss, logits and gradient of every
     * parameter equal the solo {@link TrainableModel}'s (whose gradients are checked against finite differences)
     * within float rounding. Three models on three different batches, so a mix-up between models would fail.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void eachModelGetsTheLossLogitsAndGradientsItWouldGetAlone(int heads) {
        ModelConfig c = new ModelConfig(8, 4, heads, 1, 12, 12);
        List<Weights> members = List.of(TestWeights.random(c, 11, 0.4), TestWeights.random(c, 12, 0.4),
                TestWeights.random(c, 13, 0.4));
        SortingTask task = new SortingTask(c);
        int[][][] tokens = new int[3][][];
        for (int m = 0; m < 3; m++) {
            tokens[m] = task.randomSequences(new SplitMix64(100 + m), 4);
        }
        EnsembleModel ensemble = new EnsembleModel(members);
        EnsembleModel.Step together = ensemble.step(tokens);
        for (int m = 0; m < 3; m++) {
            TrainableModel.Step alone = new TrainableModel(members.get(m)).step(tokens[m]);
            assertEquals(alone.loss(), together.losses()[m], 1e-5 * Math.max(1, alone.loss()), "loss of model " + m);
            assertTrue(alone.logits().maxAbsDiff(together.logits().get(m)) < 1e-5, "logits of model " + m);
            for (Param p : Param.values()) {
                INDArray all = together.gradients().get(p);
                int size = members.get(m).get(p).size();
                float[] mine = all.dup().data().asFloat();
                float[] solo = alone.gradients().get(p).dup().data().asFloat();
                for (int i = 0; i < size; i++) {
                    float g = mine[m * size + i];
                    assertEquals(solo[i], g, 1e-5 + 1e-4 * Math.abs(solo[i]), p.tlName() + "[" + m + ", " + i + "]");
                }
            }
        }
    }

    @Test
    void snapshotsGiveBackEachModelsWeights() {
        List<Weights> members = List.of(TestWeights.random(TestWeights.TINY, 1, 0.3),
                TestWeights.random(TestWeights.TINY, 2, 0.3));
        EnsembleModel ensemble = new EnsembleModel(members);
        assertEquals(members.get(0), ensemble.snapshot(0));
        assertEquals(members.get(1), ensemble.snapshot(1));
    }

    @Test
    void modelsOfDifferentConfigsAreRefused() {
        List<Weights> mixed = List.of(TestWeights.random(TestWeights.TINY, 1, 0.3),
                TestWeights.random(TestWeights.TINY_2_HEADS, 2, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleModel(mixed));
    }
}
