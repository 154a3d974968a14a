package io.github.sortlens.train;

import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.TrainableModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.EnumMap;
import java.util.Map;

/**
 * Adam (ND4J's own updater, the one {@code SameDiff.fit} uses) applied to the model's live parameters. Its state
 * (first and second moments of every parameter) is a plain array per parameter, so a checkpoint saves and restores
 * it exactly and a resumed run continues bit for bit.
 */
final class AdamOptimizer {

    private final Map<Param, INDArray> state = new EnumMap<>(Param.class);   // [2 * size]: m then v
    private final Map<Param, GradientUpdater<?>> updaters = new EnumMap<>(Param.class);

    AdamOptimizer(double lr, TrainableModel model) {
        Adam adam = new Adam(lr);
        for (Param p : Param.values()) {
            long size = model.parameter(p).length();
            INDArray view = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2 * size);
            state.put(p, view);
            updaters.put(p, adam.instantiate(view, true));
        }
    }

    /** Applies one update; {@code iteration} counts completed steps from 0 (Adam's bias correction uses it). */
    void apply(TrainableModel model, Map<Param, INDArray> gradients, int iteration) {
        for (Param p : Param.values()) {
            INDArray g = gradients.get(p);
            updaters.get(p).applyUpdater(g, iteration, 0);
            model.parameter(p).subi(g.reshape(model.parameter(p).shape()));
        }
    }

    /** The moments as flat tensors, for a checkpoint. */
    Map<Param, Tensor> state() {
        Map<Param, Tensor> out = new EnumMap<>(Param.class);
        state.forEach((p, a) -> out.put(p, new Tensor(a.dup().data().asFloat(), (int) a.length())));
        return out;
    }

    void restore(Map<Param, Tensor> saved) {
        for (Param p : Param.values()) {
            Tensor t = saved.get(p);
            INDArray view = state.get(p);
            if (t == null || t.size() != view.length()) {
                throw new IllegalArgumentException("optimizer state for " + p.tlName() + " is missing or has the wrong size");
            }
            view.assign(Nd4j.create(t.data().clone(), view.shape()));
        }
    }
}
