package io.github.sortlens.train;

import io.github.sortlens.model.EnsembleModel;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.TrainableModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Adam (ND4J's own updater, the one {@code SameDiff.fit} uses) applied in place to a model's live parameters: one
 * model's, or an {@link EnsembleModel}'s {@code [K, ...]} parameters at once. Adam is element-wise, so in an ensemble
 * model {@code m}'s moments and updates are exactly the ones it would have alone. The state (first and second moments)
 * is read and written per model in the solo layout ({@code [2 * size]}: m then v), so a checkpoint saves and restores
 * it exactly, a resumed run continues bit for bit, and an ensemble member's checkpoint is a solo checkpoint.
 */
final class AdamOptimizer {

    private final int models;
    private final Function<Param, INDArray> parameters;
    private final Map<Param, INDArray> state = new EnumMap<>(Param.class);   // [1, 2 * K * size]: all m, then all v
    private final Map<Param, GradientUpdater<?>> updaters = new EnumMap<>(Param.class);

    /** For one model. */
    AdamOptimizer(double lr, TrainableModel model) {
        this(lr, model::parameter, 1);
    }

    /** For the K models of an ensemble. */
    AdamOptimizer(double lr, EnsembleModel model) {
        this(lr, model::parameter, model.size());
    }

    private AdamOptimizer(double lr, Function<Param, INDArray> parameters, int models) {
        this.models = models;
        this.parameters = parameters;
        Adam adam = new Adam(lr);
        for (Param p : Param.values()) {
            long size = parameters.apply(p).length();
            INDArray view = Nd4j.zeros(DataType.FLOAT, 1, 2 * size);
            state.put(p, view);
            updaters.put(p, adam.instantiate(view, true));
        }
    }

    /** Applies one update; {@code iteration} counts completed steps from 0 (Adam's bias correction uses it). */
    void apply(Map<Param, INDArray> gradients, int iteration) {
        for (Param p : Param.values()) {
            INDArray g = gradients.get(p);
            updaters.get(p).applyUpdater(g, iteration, 0);
            INDArray live = parameters.apply(p);
            live.subi(g.reshape(live.shape()));
        }
    }

    /** The moments of the one model, for a checkpoint. */
    Map<Param, Tensor> state() {
        return state(0);
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

    /** Sets the one model's moments from a checkpoint. */
    void restore(Map<Param, Tensor> saved) {
        restore(0, saved);
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
