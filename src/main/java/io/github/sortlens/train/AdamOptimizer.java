package io.github.sortlens.train;

import io.github.sortlens.model.EnsembleModel;
import io.github.sortlens.model.FlatParameters;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.TrainableModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.EnumMap;
import java.util.Map;

/**
 * Adam (ND4J's own {@code adam_updater} op, the one {@code SameDiff.fit} uses) applied in place to a model's live
 * parameters: one model's, or an {@link EnsembleModel}'s {@code [K, ...]} parameters at once. The model keeps every
 * parameter and gradient in one flat array each ({@link FlatParameters}), so a step's update is two native calls
 * over all of them (the updater, then the subtraction) rather than two per parameter. Adam is element-wise, so the
 * numbers are the ones a per-parameter update gives, and in an ensemble model {@code m}'s moments and updates are
 * exactly the ones it would have alone. The state is read and written per model in the solo layout
 * ({@code [2 * size]} per parameter: m then v), so a checkpoint saves and restores it exactly, a resumed run continues
 * bit for bit, and an ensemble member's checkpoint is a solo checkpoint.
 */
final class AdamOptimizer {

    private final int models;
    private final FlatParameters params;
    private final INDArray m;   // [P] first moments, in the flat parameter layout
    private final INDArray v;   // [P] second moments
    private final OpContext update = Nd4j.getExecutioner().buildContext();
    private final AdamUpdater op = new AdamUpdater();
    private final Adam config;
    private boolean timeOps;
    private long nanosInOps;

    /** For one model. */
    AdamOptimizer(double lr, TrainableModel model) {
        this(lr, model.parameters(), 1);
    }

    /** For the K models of an ensemble. */
    AdamOptimizer(double lr, EnsembleModel model) {
        this(lr, model.parameters(), model.size());
    }

    private AdamOptimizer(double lr, FlatParameters params, int models) {
        this.models = models;
        this.params = params;
        this.config = new Adam(lr);
        long size = params.values().length();
        m = Nd4j.zeros(DataType.FLOAT, size);
        v = Nd4j.zeros(DataType.FLOAT, size);
        INDArray g = params.gradients();
        update.setInputArrays(g, v, m);
        update.setOutputArrays(g, v, m);
        update.setTArguments(config.getLearningRate(0, 0), config.getBeta1(), config.getBeta2(), config.getEpsilon());
    }

    /**
     * Applies one update from the model's gradient array (filled by its last step); {@code iteration} counts
     * completed steps from 0 (Adam's bias correction uses it).
     */
    void apply(int iteration) {
        long t0 = timeOps ? System.nanoTime() : 0;
        update.setIArguments(iteration);
        Nd4j.exec(op, update);
        params.values().subi(params.gradients());
        if (timeOps) {
            nanosInOps += System.nanoTime() - t0;
        }
    }

    /** Native calls per {@link #apply}. */
    static int nativeCalls() {
        return 2;
    }

    /** As the model's {@code timeOps}: times the update's ops from now on; returns the count so far and resets it. */
    long timeOps(boolean on) {
        timeOps = on;
        long n = nanosInOps;
        nanosInOps = 0;
        return n;
    }

    /** The moments of the one model, for a checkpoint. */
    Map<Param, Tensor> state() {
        return state(0);
    }

    /** Model {@code k}'s moments as flat {@code [2 * size]} tensors (m then v), as a solo checkpoint holds them. */
    Map<Param, Tensor> state(int k) {
        float[] allM = m.data().asFloat();
        float[] allV = v.data().asFloat();
        Map<Param, Tensor> out = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            int size = size(p);
            int from = (int) params.offset(p) + k * size;
            float[] mine = new float[2 * size];
            System.arraycopy(allM, from, mine, 0, size);
            System.arraycopy(allV, from, mine, size, size);
            out.put(p, new Tensor(mine, mine.length));
        }
        return out;
    }

    /** Sets the one model's moments from a checkpoint. */
    void restore(Map<Param, Tensor> saved) {
        restore(0, saved);
    }

    /** Sets model {@code k}'s moments from a solo checkpoint's. */
    void restore(int k, Map<Param, Tensor> saved) {
        float[] allM = m.data().asFloat();
        float[] allV = v.data().asFloat();
        for (Param p : Param.values()) {
            Tensor t = saved.get(p);
            int size = size(p);
            if (t == null || t.size() != 2 * size) {
                throw new IllegalArgumentException("optimizer state for " + p.tlName() + " is missing or has the wrong size");
            }
            int from = (int) params.offset(p) + k * size;
            System.arraycopy(t.data(), 0, allM, from, size);
            System.arraycopy(t.data(), size, allV, from, size);
        }
        m.assign(Nd4j.create(allM, m.shape()));
        v.assign(Nd4j.create(allV, v.shape()));
    }

    /** One model's element count of parameter {@code p}. */
    private int size(Param p) {
        int next = p.ordinal() + 1 < Param.values().length
                ? (int) params.offset(Param.values()[p.ordinal() + 1]) : (int) params.values().length();
        return (next - (int) params.offset(p)) / models;
    }
}
