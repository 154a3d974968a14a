package io.github.sortlens.train;

import io.github.sortlens.model.EnsembleModel;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@link AdamOptimizer} for an {@link EnsembleModel}: ND4J's Adam over each {@code [K, ...]} parameter at once.
 * Adam is element-wise, so model {@code m}'s moments and updates are exactly the ones it would have alone; its
 * state is read and written per model, in the solo layout ({@code [2 * size]}: m then v), so a member's checkpoint
 * is a solo checkpoint.
 */
final class EnsembleAdam {

    private final int models;
    private final Map<Param, INDArray> state = new EnumMap<>(Param.class);   // [1, 2 * K * size]: m then v
    private final Map<Param, GradientUpdater<?>> updaters = new EnumMap<>(Param.class);

    EnsembleAdam(double lr, EnsembleModel model) {
        this.models = model.size();
        Adam adam = new Adam(lr);
        for (Param p : Param.values()) {
            long size = model.parameter(p).length();
            INDArray view = Nd4j.zeros(DataType.FLOAT, 1, 2 * size);
            state.put(p, view);
            updaters.put(p, adam.instantiate(view, true));
        }
    }

    /** Applies one update to every model; {@code iteration} counts completed steps from 0. */
    void apply(EnsembleModel model, Map<Param, INDArray> gradients, int iteration) {
        for (Param p : Param.values()) {
            INDArray g = gradients.get(p);
            updaters.get(p).applyUpdater(g, iteration, 0);
            model.parameter(p).subi(g.reshape(model.parameter(p).shape()));
        }
    }

    /** Model {@code m}'s moments as flat {@code [2 * size]} tensors (m then v), as a solo checkpoint holds them. */
    Map<Param, Tensor> state(int m) {
        Map<Param, Tensor> out = new EnumMap<>(Param.class);
        state.forEach((p, a) -> {
            float[] all = a.dup().data().asFloat();
            int size = all.length / 2 / models;
            float[] mine = new float[2 * size];
            System.arraycopy(all, m * size, mine, 0, size);
            System.arraycopy(all, models * size + m * size, mine, size, size);
            out.put(p, new Tensor(mine, mine.length));
        });
        return out;
    }

    /** Sets model {@code m}'s moments from a solo checkpoint's. */
    void restore(int m, Map<Param, Tensor> saved) {
        for (Param p : Param.values()) {
            Tensor t = saved.get(p);
            INDArray view = state.get(p);
            long size = view.length() / 2 / models;
            if (t == null || t.size() != 2 * size) {
                throw new IllegalArgumentException("optimizer state for " + p.tlName() + " is missing or has the wrong size");
            }
            float[] all = view.dup().data().asFloat();
            System.arraycopy(t.data(), 0, all, (int) (m * size), (int) size);
            System.arraycopy(t.data(), (int) size, all, (int) (models * size + m * size), (int) size);
            view.assign(Nd4j.create(all, view.shape()));
        }
    }
}
