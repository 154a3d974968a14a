package io.github.sortlens.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a model uses its {@link CompiledStep}: after one ordinary SameDiff step on a set of placeholder arrays, the
 * plan is compiled on the same arrays and checked to give exactly SameDiff's numbers; later steps fed the same arrays
 * (refilled in place) run the plan. Another batch shape runs through SameDiff and compiles again. The plan writes
 * the gradients into the model's {@link FlatParameters} gradient views, where the optimiser reads them.
 * {@code -Dsortlens.compiled_step=false} turns it off.
 */
final class CompiledSteps {

    /** On unless {@code -Dsortlens.compiled_step=false}. */
    static final boolean DEFAULT = !"false".equals(System.getProperty("sortlens.compiled_step"));

    /**
     * Java kernels in the plan ({@link JavaKernels}) unless {@code -Dsortlens.java_kernels=false}; without them the
     * plan runs SameDiff's own ops only and gives SameDiff's bits exactly.
     */
    static final boolean JAVA_KERNELS = !"false".equals(System.getProperty("sortlens.java_kernels"));

    /**
     * How far a plan with Java kernels may be from SameDiff's step, per output: the largest absolute difference over
     * the largest absolute value of SameDiff's array. The kernels sum in double where libnd4j sums in float, and in
     * another order, which moves the last bits of a float32 result (5e-7 on the default config; {@code bench}
     * prints it); a kernel that computes something else is off by far more.
     */
    static final double TOLERANCE = 1e-4;

    /**
     * A gradient is compared at no less than this fraction of the step's largest gradient: one that cancels to
     * rounding noise ({@code b_K}'s is zero in exact arithmetic, since a key bias adds the same to every score of a
     * row) has no scale of its own.
     */
    static final double GRADIENT_FLOOR = 1e-3;

    private boolean enabled;
    private final boolean javaKernels;
    private final List<String> outputs;
    /** The largest relative difference from SameDiff's step over the arrays checked at the last compile. */
    private double difference;
    private CompiledStep plan;
    private Map<String, INDArray> feed;
    private int runs;

    /** @param outputs the activations a step returns besides the gradients */
    CompiledSteps(boolean enabled, List<String> outputs) {
        this(enabled, JAVA_KERNELS, outputs);
    }

    /** @param javaKernels whether the plan may use {@link JavaKernels} (else it gives SameDiff's exact bits) */
    CompiledSteps(boolean enabled, boolean javaKernels, List<String> outputs) {
        this.enabled = enabled;
        this.javaKernels = javaKernels;
        this.outputs = List.copyOf(outputs);
    }

    /** True when a compiled plan exists for exactly these placeholder arrays (the same objects). */
    boolean matches(Map<String, INDArray> candidate) {
        if (plan == null || !candidate.keySet().equals(feed.keySet())) {
            return false;
        }
        for (Map.Entry<String, INDArray> e : candidate.entrySet()) {
            if (feed.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compiles the plan on the arrays SameDiff was just fed and checks that it reproduces SameDiff's outputs and
     * gradients: bit for bit without Java kernels, within {@link #TOLERANCE} with them. A graph the plan cannot run,
     * or a plan that differs (a backend whose kernels are not deterministic, say), turns the compiled step off for
     * this model, with one line on stderr: training then goes on through SameDiff, slower but the same.
     */
    void compile(SameDiff sd, Map<String, INDArray> fed, OutAndGrad reference, FlatParameters params) {
        if (!enabled) {
            return;
        }
        try {
            List<String> names = new ArrayList<>(outputs);
            Map<String, INDArray> into = new HashMap<>();
            for (Param p : Param.values()) {
                String g = sd.getVariable(p.tlName()).getGradient().name();
                names.add(g);
                into.put(g, params.gradient(p));
            }
            params.gradients().assign(Float.NaN); // a gradient the plan does not write into its view fails the check
            CompiledStep candidate = new CompiledStep(sd, fed, names, into, javaKernels);
            Map<String, INDArray[]> pairs = new java.util.LinkedHashMap<>();
            for (String name : outputs) {
                pairs.put(name, new INDArray[] {reference.getOutputs().get(name), candidate.array(name)});
            }
            double largestGradient = 0;
            for (Param p : Param.values()) {
                INDArray expected = reference.getGradients().get(p.tlName());
                pairs.put(p.tlName() + " gradient", new INDArray[] {expected, params.gradient(p)});
                largestGradient = Math.max(largestGradient, expected.amaxNumber().doubleValue());
            }
            double worst = 0;
            for (Map.Entry<String, INDArray[]> e : pairs.entrySet()) {
                double floor = e.getKey().endsWith(" gradient") ? GRADIENT_FLOOR * largestGradient : 0;
                worst = Math.max(worst, requireClose(e.getKey(), e.getValue()[0], e.getValue()[1], floor));
            }
            difference = worst;
            plan = candidate;
            feed = Map.copyOf(fed);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            enabled = false;
            plan = null;
            System.err.println("sortlens: the compiled training step is off, every step runs through SameDiff: "
                    + e.getMessage());
        }
    }

    /** The plan, for a step fed the arrays it {@link #matches}; the step's gradients are in the flat views. */
    CompiledStep plan() {
        runs++;
        return plan;
    }

    /**
     * The plan just compiled, whose arrays hold the numbers of the step it was checked on (every op ran once while it
     * was prepared): a model returns those rather than SameDiff's, so that a step's arithmetic does not depend on
     * whether it compiled a plan (a resumed run compiles at its first step, an uninterrupted one long before).
     */
    CompiledStep justCompiled() {
        return plan;
    }

    /** Steps run on a compiled plan so far (for tests). */
    int runs() {
        return runs;
    }

    /** The plan's calls per step, the ops it leaves out and its difference from SameDiff's step, or null before one. */
    PlanProfile profile() {
        return plan == null ? null : new PlanProfile(plan.calls(), plan.leftOut(), plan.callNanos(), difference);
    }

    /** The largest relative difference of the plan's array from SameDiff's; fails past what the plan allows. */
    private double requireClose(String name, INDArray expected, INDArray actual, double floor) {
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new IllegalStateException("the compiled step's " + name + " has shape "
                    + Arrays.toString(actual.shape()) + ", SameDiff's " + Arrays.toString(expected.shape()));
        }
        if (Arrays.equals(e, a)) {
            return 0;
        }
        double relative = relativeDifference(e, a, floor);
        if (!javaKernels || !(relative <= TOLERANCE)) {
            throw new IllegalStateException("the compiled step differs from SameDiff's at " + name + " by "
                    + relative + " of its largest value (allowed: " + (javaKernels ? TOLERANCE : 0) + ")");
        }
        return relative;
    }

    /** max |a - e| / max(max |e|, floor) (NaN where only one of them is NaN). */
    static double relativeDifference(float[] e, float[] a, double floor) {
        double diff = 0;
        double scale = floor;
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) != Float.isNaN(a[i])) {
                return Double.NaN;
            }
            if (!Float.isNaN(e[i])) {
                diff = Math.max(diff, Math.abs((double) a[i] - e[i]));
                scale = Math.max(scale, Math.abs(e[i]));
            }
        }
        return scale == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / scale;
    }

}
