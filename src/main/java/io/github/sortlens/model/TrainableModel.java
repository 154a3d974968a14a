package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model with its loss, for training: one call gives the loss, the logits and the gradient of every parameter;
 * the parameter arrays are live and an optimiser updates them in place. The optimiser itself lives in the train
 * stage: this class knows the graph, not how it is trained.
 */
public final class TrainableModel {

    /**
     * The arithmetic of a training step in this process: SameDiff's own kernels ({@code samediff}, bit for bit
     * SameDiff's step) or the compiled step with {@link JavaKernels} ({@code java-kernels-1}, SameDiff's numbers
     * within float32 rounding). Part of a run's identity; the number changes whenever a kernel's arithmetic does.
     */
    public static final String ARITHMETIC = CompiledSteps.DEFAULT && CompiledSteps.JAVA_KERNELS ? "java-kernels-1"
            : "samediff";

    /** How far a compiled plan may be from SameDiff's step (see {@link CompiledSteps#TOLERANCE}). */
    public static final double PLAN_TOLERANCE = CompiledSteps.TOLERANCE;

    /** What one forward and backward pass gives. */
    public record Step(double loss, Tensor logits, Map<Param, INDArray> gradients) {
    }

    private final ModelConfig config;
    private final SameDiff sd;
    private final Inputs inputs;
    private final Inputs.Reused reused = new Inputs.Reused();
    private final List<String> paramNames = new ArrayList<>();
    private final CompiledSteps compiled;
    private final FlatParameters params;
    private boolean timeOps;
    private long nanosInOps;

    public TrainableModel(Weights initial) {
        this(initial, CompiledSteps.DEFAULT);
    }

    /** @param compiled run steps after the first on a {@link CompiledStep} (the same numbers, less overhead) */
    TrainableModel(Weights initial, boolean compiled) {
        this(initial, compiled, CompiledSteps.JAVA_KERNELS);
    }

    /**
     * @param compiled    run steps after the first on a {@link CompiledStep}
     * @param javaKernels let the plan use {@link JavaKernels} (SameDiff's numbers within
     *                    {@link CompiledSteps#TOLERANCE}); without them the plan gives SameDiff's bits
     */
    TrainableModel(Weights initial, boolean compiled, boolean javaKernels) {
        this.compiled = new CompiledSteps(compiled, javaKernels, List.of(ModelGraph.LOSS, ModelGraph.LOGITS));
        this.config = initial.config();
        this.sd = ModelGraph.build(config, initial, Set.of(), true);
        this.params = new FlatParameters(sd);
        this.inputs = new Inputs(config);
        for (Param p : Param.values()) {
            paramNames.add(p.tlName());
        }
        createGradientQuietly(sd);
    }

    /** SameDiff M2.1 prints a line per differentiated op to System.out while it builds the gradient graph. */
    static void createGradientQuietly(SameDiff sd) {
        PrintStream stdout = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(stdout);
            }
        }
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Loss (mean cross-entropy over the sorted half), logits [batch, pos, d_vocab] and gradients (views of
     * {@link #parameters()}' gradient array, overwritten by the next step).
     */
    public Step step(int[][] tokens) {
        int[] flat = inputs.flatten(tokens);
        Map<String, INDArray> feed = new HashMap<>();
        long[] shape = {flat.length, config.dVocab()};
        feed.put(ModelGraph.IN_TOKENS, reused.fill(ModelGraph.IN_TOKENS, inputs.tokensOneHotData(flat), shape));
        feed.put(ModelGraph.IN_POSITIONS, inputs.positionsOneHot(tokens.length));
        feed.put(ModelGraph.IN_LABELS, reused.fill(ModelGraph.IN_LABELS, inputs.labelsOneHotData(flat), shape));
        feed.put(ModelGraph.IN_LOSS_WEIGHTS, inputs.lossWeights(tokens.length));
        if (compiled.matches(feed)) {
            return planStep(compiled.plan(), tokens.length, true);
        }
        OutAndGrad out = sd.calculateGradientsAndOutputs(feed, List.of(ModelGraph.LOSS, ModelGraph.LOGITS), paramNames);
        compiled.compile(sd, feed, out, params);
        if (compiled.matches(feed)) {
            release(out);
            return planStep(compiled.justCompiled(), tokens.length, false);
        }
        for (Param p : Param.values()) {
            params.gradient(p).assign(gradient(out, p));
        }
        double loss = out.getOutputs().get(ModelGraph.LOSS).getDouble(0);
        Tensor logits = ModelGraph.toTensor(out.getOutputs().get(ModelGraph.LOGITS),
                tokens.length, config.nCtx(), config.dVocab());
        release(out);
        return new Step(loss, logits, params.gradientViews());
    }

    /** SameDiff's gradient of a parameter; fails when it gave none. */
    static INDArray gradient(OutAndGrad out, Param p) {
        INDArray g = out.getGradients().get(p.tlName());
        if (g == null) {
            throw new IllegalStateException("SameDiff returned no gradient for " + p.tlName());
        }
        return g;
    }

    /** Frees SameDiff's output and gradient arrays of a step. */
    static void release(OutAndGrad out) {
        for (Param p : Param.values()) {
            Inputs.release(gradient(out, p));
        }
        out.getOutputs().values().forEach(Inputs::release);
    }

    /** The step on the compiled plan (run now, or already run when it was compiled). */
    private Step planStep(CompiledStep plan, int batch, boolean run) {
        if (run && timeOps) {
            nanosInOps += plan.runTimed();
        } else if (run) {
            plan.run();
        }
        Tensor logits = ModelGraph.toTensor(plan.array(ModelGraph.LOGITS), batch, config.nCtx(), config.dVocab());
        return new Step(plan.array(ModelGraph.LOSS).getDouble(0), logits, params.gradientViews());
    }

    /** Steps run on the compiled plan so far (for tests). */
    int compiledRuns() {
        return compiled.runs();
    }

    /** The compiled step's native calls, or null while every step runs through SameDiff. */
    public PlanProfile plan() {
        return compiled.profile();
    }

    /**
     * Times each op of the compiled step from now on (for the benchmark: time in ops against time outside them);
     * returns the nanoseconds in ops counted so far and resets the count.
     */
    public long timeOps(boolean on) {
        timeOps = on;
        long n = nanosInOps;
        nanosInOps = 0;
        return n;
    }

    /** Every parameter and gradient as one flat array each: what an element-wise optimiser updates in one op. */
    public FlatParameters parameters() {
        return params;
    }

    /** The live parameter array: an optimiser subtracts its update from it in place. */
    public INDArray parameter(Param p) {
        return params.value(p);
    }

    /** A copy of the current parameters. */
    public Weights snapshot() {
        Map<Param, Tensor> tensors = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            tensors.put(p, ModelGraph.toTensor(parameter(p), p.shape(config)));
        }
        return new Weights(config, tensors);
    }
}
