package io.github.sortlens.train;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.TrainableModel;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one-op Adam over the flat parameter array gives, bit for bit, the weights and moments of ND4J's Adam applied
 * parameter by parameter (the update the trainer made before the parameters were flat): Adam is element-wise.
 */
class AdamOptimizerTest {

    @Test
    void theFlatUpdateIsNd4jsPerParameterAdamBitForBit() {
        ModelConfig c = new ModelConfig(8, 4, 2, 1, 12, 12);
        Weights w = TestWeights.random(c, 5, 0.4);
        TrainableModel flat = new TrainableModel(w);
        TrainableModel reference = new TrainableModel(w);
        AdamOptimizer adam = new AdamOptimizer(1e-2, flat);
        Map<Param, GradientUpdater<?>> perParam = new EnumMap<>(Param.class);
        Map<Param, INDArray> perParamState = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2 * reference.parameter(p).length());
            perParamState.put(p, state);
            perParam.put(p, new Adam(1e-2).instantiate(state, true));
        }
        SortingTask task = new SortingTask(c);
        SplitMix64 data = new SplitMix64(3);
        for (int i = 0; i < 6; i++) {
            int[][] tokens = task.randomSequences(data, 4);
            flat.step(tokens);
            adam.apply(i);
            TrainableModel.Step s = reference.step(tokens);
            for (Param p : Param.values()) {
                INDArray g = s.gradients().get(p).dup();
                perParam.get(p).applyUpdater(g, i, 0);
                INDArray live = reference.parameter(p);
                live.subi(g.reshape(live.shape()));
            }
        }
        assertEquals(reference.snapshot(), flat.snapshot());
        for (Param p : Param.values()) {
            assertArrayEquals(perParamState.get(p).dup().data().asFloat(), adam.state().get(p).data(),
                    p.tlName() + " moments");
        }
    }
}
