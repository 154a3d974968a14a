package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * K models of one config trained as one graph ({@link EnsembleGraph}): one call gives every model's loss, logits
 * and gradients. Parameters are live {@code [K, <TransformerLens shape>]} arrays that an element-wise optimiser
 * updates in place, so the models never share a number: model {@code m} is the slice {@code [m]} of each array.
 * The train stage's {@link TrainableModel} counterpart, for K at once.
 */
public final class EnsembleModel {

    /** What one forward and backward pass gives, per model. */
    public record Step(double[] losses, List<Tensor> logits, Map<Param, INDArray> gradients) {
    }

    private final ModelConfig config;
    private final int size;
    private final SameDiff sd;
    private final Inputs inputs;
    private final Inputs.Reused reused = new Inputs.Reused();
    private final List<String> paramNames = new ArrayList<>();
    private final Map<Integer, INDArray> positionsByBatch = new HashMap<>();
    private final Map<Integer, INDArray> lossWeightsByBatch = new HashMap<>();
    private final CompiledSteps compiled;
    private final FlatParameters params;

    /** @param members the K models' starting weights, all of one config (K >= 1) */
    public EnsembleModel(List<Weights> members) {
        this(members, CompiledSteps.DEFAULT);
    }

    /** @param compiled run steps after the first on a {@link CompiledStep} (the same numbers, less overhead) */
    EnsembleModel(List<Weights> members, boolean compiled) {
        this(members, compiled, CompiledSteps.JAVA_KERNELS);
    }

    /**
     * @param compiled    run steps after the first on a {@link CompiledStep}
     * @param javaKernels let the plan use {@link JavaKernels} (SameDiff's numbers within
     *                    {@link CompiledSteps#TOLERANCE}); without them the plan gives SameDiff's bits
     */
    EnsembleModel(List<Weights> members, boolean compiled, boolean javaKernels) {
        this.compiled = new CompiledSteps(compiled, javaKernels,
                List.of(EnsembleGraph.MODEL_LOSSES, EnsembleGraph.LOGITS));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        this.config = members.get(0).config();
        for (Weights w : members) {
            if (!w.config().equals(config)) {
                throw new IllegalArgumentException("every model of an ensemble must have the same config: "
                        + w.config() + " differs from " + config);
            }
        }
        this.size = members.size();
        this.sd = EnsembleGraph.build(config, members);
        this.params = new FlatParameters(sd);
        this.inputs = new Inputs(config);
        for (Param p : Param.values()) {
            paramNames.add(p.tlName());
        }
        TrainableModel.createGradientQuietly(sd);
    }

    public ModelConfig config() {
        return config;
    }

    /** K, the number of models. */
    public int size() {
        return size;
    }

    /**
     * Every model's loss (mean cross-entropy over the sorted half), logits {@code [batch, pos, d_vocab]} and the
     * gradients ({@code [K, ...]}, model m's own in slice m; views of {@link #parameters()}' gradient array,
     * overwritten by the next step).
     *
     * @param tokens {@code [K][batch][n_ctx]}: each model's own batch, all of one batch size
     */
    public Step step(int[][][] tokens) {
        if (tokens.length != size) {
            throw new IllegalArgumentException("expected batches for " + size + " models, got " + tokens.length);
        }
        int batch = tokens[0].length;
        int n = batch * config.nCtx();
        int vocab = config.dVocab();
        float[] tokensOneHot = new float[size * n * vocab];
        float[] labelsOneHot = new float[size * n * vocab];
        for (int m = 0; m < size; m++) {
            if (tokens[m].length != batch) {
                throw new IllegalArgumentException("model " + m + " has a batch of " + tokens[m].length
                        + " sequences, model 0 of " + batch + ": every model needs the same batch size");
            }
            int[] flat = inputs.flatten(tokens[m]);
            System.arraycopy(inputs.tokensOneHotData(flat), 0, tokensOneHot, m * n * vocab, n * vocab);
            System.arraycopy(inputs.labelsOneHotData(flat), 0, labelsOneHot, m * n * vocab, n * vocab);
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(EnsembleGraph.IN_TOKENS, reused.fill(EnsembleGraph.IN_TOKENS, tokensOneHot, size, n, vocab));
        feed.put(EnsembleGraph.IN_POSITIONS, positionsOneHot(batch));
        feed.put(EnsembleGraph.IN_LABELS, reused.fill(EnsembleGraph.IN_LABELS, labelsOneHot, (long) size * n, vocab));
        feed.put(EnsembleGraph.IN_LOSS_WEIGHTS, lossWeights(batch));
        INDArray lossArray;
        INDArray logitsArray;
        OutAndGrad out = null;
        if (compiled.matches(feed)) {
            CompiledStep plan = compiled.plan();
            plan.run();
            lossArray = plan.array(EnsembleGraph.MODEL_LOSSES);
            logitsArray = plan.array(EnsembleGraph.LOGITS);
        } else {
            out = sd.calculateGradientsAndOutputs(feed, List.of(EnsembleGraph.MODEL_LOSSES, EnsembleGraph.LOGITS),
                    paramNames);
            compiled.compile(sd, feed, out, params);
            if (compiled.matches(feed)) { // the plan's numbers for this step too (see CompiledSteps#justCompiled)
                TrainableModel.release(out);
                out = null;
                lossArray = compiled.justCompiled().array(EnsembleGraph.MODEL_LOSSES);
                logitsArray = compiled.justCompiled().array(EnsembleGraph.LOGITS);
            } else {
                for (Param p : Param.values()) {
                    params.gradient(p).assign(TrainableModel.gradient(out, p));
                }
                lossArray = out.getOutputs().get(EnsembleGraph.MODEL_LOSSES);
                logitsArray = out.getOutputs().get(EnsembleGraph.LOGITS);
            }
        }
        double[] losses = lossArray.toDoubleVector();
        float[] allLogits = ModelGraph.toTensor(logitsArray, size * n * vocab).data();
        List<Tensor> logits = new ArrayList<>(size);
        for (int m = 0; m < size; m++) {
            logits.add(new Tensor(Arrays.copyOfRange(allLogits, m * n * vocab, (m + 1) * n * vocab),
                    batch, config.nCtx(), vocab));
        }
        if (out != null) {
            out.getOutputs().values().forEach(Inputs::release);
        }
        return new Step(losses, logits, params.gradientViews());
    }

    /** Steps run on the compiled plan so far (for tests). */
    int compiledRuns() {
        return compiled.runs();
    }

    /** The compiled step's native calls, or null while every step runs through SameDiff. */
    public PlanProfile plan() {
        return compiled.profile();
    }

    /** Every parameter and gradient as one flat array each: what an element-wise optimiser updates in one op. */
    public FlatParameters parameters() {
        return params;
    }

    /** The live {@code [K, ...]} parameter array: an optimiser subtracts its update from it in place. */
    public INDArray parameter(Param p) {
        return params.value(p);
    }

    /** A copy of model {@code m}'s current parameters. */
    public Weights snapshot(int m) {
        Map<Param, Tensor> tensors = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            INDArray all = parameter(p);
            int one = (int) (all.length() / size);
            float[] data = ModelGraph.toTensor(all, (int) all.length()).data();
            tensors.put(p, new Tensor(Arrays.copyOfRange(data, m * one, (m + 1) * one), p.shape(config)));
        }
        return new Weights(config, tensors);
    }

    /** [K, N, n_ctx], the same one-hot positions for every model. */
    private INDArray positionsOneHot(int batch) {
        return positionsByBatch.computeIfAbsent(batch, b -> {
            int t = config.nCtx();
            float[] oh = new float[size * b * t * t];
            for (int row = 0; row < size * b * t; row++) {
                oh[row * t + row % t] = 1f;
            }
            return Inputs.array(oh, size, (long) b * t, t);
        });
    }

    /** [K * N]: 1 / (scored positions per model) at the sorted half's predictions, else 0. */
    private INDArray lossWeights(int batch) {
        return lossWeightsByBatch.computeIfAbsent(batch, b -> {
            float[] one = inputs.lossWeights(b).toFloatVector();
            int scored = 0;
            for (float x : one) {
                scored += x != 0 ? 1 : 0;
            }
            float[] w = new float[size * one.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = one[i % one.length] / scored;
            }
            return Inputs.array(w, w.length);
        });
    }
}
