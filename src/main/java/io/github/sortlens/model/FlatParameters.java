package io.github.sortlens.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.EnumMap;
import java.util.Map;

/**
 * A model's parameters as views of one flat array, and their gradients as views of a second flat array of the same
 * layout (the parameters in {@link Param} order, each row-major), so that an element-wise optimiser such as Adam
 * updates every parameter with one op instead of one per parameter. The graph's variables are the parameter views,
 * and the compiled step writes each gradient straight into its view.
 */
public final class FlatParameters {

    private final INDArray values;      // [P]: every parameter, in Param order
    private final INDArray gradients;   // [P]: every gradient, the same layout
    private final Map<Param, Long> offsets = new EnumMap<>(Param.class);
    private final Map<Param, INDArray> valueViews = new EnumMap<>(Param.class);
    private final Map<Param, INDArray> gradientViews = new EnumMap<>(Param.class);

    /**
     * Moves the graph's parameter variables (before its gradient function exists) into one flat array. The graph
     * gets SameDiff's single-thread array holders, the ones its own training uses: the default thread-safe holder
     * would copy a view instead of keeping it.
     */
    FlatParameters(SameDiff sd) {
        sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), true);
        long total = 0;
        for (Param p : Param.values()) {
            offsets.put(p, total);
            total += sd.getVariable(p.tlName()).getArr().length();
        }
        values = Nd4j.create(DataType.FLOAT, total);
        gradients = Nd4j.create(DataType.FLOAT, total);
        for (Param p : Param.values()) {
            INDArray current = sd.getVariable(p.tlName()).getArr();
            INDArray view = view(values, p, current.shape());
            view.assign(current);
            sd.setArrayForVariable(p.tlName(), view);
            if (sd.getVariable(p.tlName()).getArr() != view) {
                throw new IllegalStateException("the graph did not take the flat view of " + p.tlName());
            }
            valueViews.put(p, view);
            gradientViews.put(p, view(gradients, p, current.shape()));
        }
    }

    private INDArray view(INDArray flat, Param p, long[] shape) {
        long from = offsets.get(p);
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        return flat.get(NDArrayIndex.interval(from, from + length)).reshape('c', true, shape);
    }

    /** [P] every parameter (live: updated in place). */
    public INDArray values() {
        return values;
    }

    /** [P] every gradient of the last step. */
    public INDArray gradients() {
        return gradients;
    }

    /** Where parameter {@code p} starts in the flat arrays. */
    public long offset(Param p) {
        return offsets.get(p);
    }

    /** The live parameter {@code p}, in the graph's shape. */
    INDArray value(Param p) {
        return valueViews.get(p);
    }

    /** The gradient of parameter {@code p}, in the graph's shape. */
    INDArray gradient(Param p) {
        return gradientViews.get(p);
    }

    /** Every gradient view, by parameter (overwritten by the next step). */
    Map<Param, INDArray> gradientViews() {
        return new EnumMap<>(gradientViews);
    }
}
