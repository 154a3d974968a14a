package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained (fixed-weight) model for inference and analysis: logits, a cache of any hooks, and forward passes with
 * {@link Intervention}s. Knows nothing of training. Not thread-safe.
 */
public final class SortingTransformer {

    private final ModelConfig config;
    private final Weights weights;
    private final Inputs inputs;
    private final Map<Set<Hook>, SameDiff> graphs = new HashMap<>();

    public SortingTransformer(Weights weights) {
        this.config = weights.config();
        this.weights = weights;
        this.inputs = new Inputs(config);
    }

    public ModelConfig config() {
        return config;
    }

    public Weights weights() {
        return weights;
    }

    /** [batch, pos, d_vocab] */
    public Tensor logits(int[][] tokens) {
        return run(tokens, List.of(), List.of()).logits();
    }

    /** Logits plus the requested hooks, in TransformerLens shapes. */
    public ActivationCache run(int[][] tokens, Collection<Hook> hooks) {
        return run(tokens, hooks, List.of());
    }

    /** Runs with every hook cached. */
    public ActivationCache runWithCache(int[][] tokens) {
        return run(tokens, List.of(Hook.values()), List.of());
    }

    /**
     * Logits plus the requested hooks, with the interventions applied (at most one per hook). Cached values are the
     * values after intervention, i.e. what flowed on through the model.
     */
    public ActivationCache run(int[][] tokens, Collection<Hook> hooks, List<Intervention> interventions) {
        int batch = tokens.length;
        EnumSet<Hook> intervened = EnumSet.noneOf(Hook.class);
        Map<String, INDArray> feed = new HashMap<>();
        int[] flat = inputs.flatten(tokens);
        feed.put(ModelGraph.IN_TOKENS, inputs.tokensOneHot(flat));
        feed.put(ModelGraph.IN_POSITIONS, inputs.positionsOneHot(batch));
        for (Intervention iv : interventions) {
            if (!intervened.add(iv.hook())) {
                throw new IllegalArgumentException("two interventions on " + iv.hook().tlName());
            }
            int[] expected = iv.hook().shape(config, batch);
            if (!Arrays.equals(iv.keep().shape(), expected)) {
                throw new IllegalArgumentException("intervention on " + iv.hook().tlName() + " has shape "
                        + Arrays.toString(iv.keep().shape()) + ", expected "
                        + Arrays.toString(expected));
            }
            long[] graphShape = iv.hook().graphShape(config, batch);
            feed.put(ModelGraph.keepName(iv.hook()),
                    Inputs.array(iv.keep().data(), graphShape));
            feed.put(ModelGraph.addName(iv.hook()),
                    Inputs.array(iv.add().data(), graphShape));
        }
        SameDiff sd = graphs.computeIfAbsent(intervened, set -> ModelGraph.build(config, weights, set, false));

        List<String> names = new ArrayList<>();
        names.add(ModelGraph.LOGITS);
        for (Hook h : hooks) {
            names.add(h.tlName());
        }
        Map<String, INDArray> out = sd.output(feed, names.toArray(new String[0]));
        Map<Hook, Tensor> cached = new LinkedHashMap<>();
        for (Hook h : Hook.values()) {
            if (hooks.contains(h)) {
                cached.put(h, ModelGraph.toTensor(out.get(h.tlName()), h.shape(config, batch)));
            }
        }
        Tensor logits = ModelGraph.toTensor(out.get(ModelGraph.LOGITS), batch, config.nCtx(), config.dVocab());
        // Free native memory now rather than when the garbage collector next runs: the Java heap barely grows
        // during analysis, so without this the off-heap buffers pile up to gigabytes.
        out.values().forEach(Inputs::release);
        feed.remove(ModelGraph.IN_POSITIONS); // cached for reuse
        feed.values().forEach(Inputs::release);
        return new ActivationCache(cached, logits);
    }
}
