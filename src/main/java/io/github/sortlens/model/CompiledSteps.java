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

    private boolean enabled;
    private final List<String> outputs;
    private CompiledStep plan;
    private Map<String, INDArray> feed;
    private int runs;

    /** @param outputs the activations a step returns besides the gradients */
    CompiledSteps(boolean enabled, List<String> outputs) {
        this.enabled = enabled;
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
     * gradients bit for bit. A graph the plan cannot run, or a plan that differs (a backend whose kernels are not
     * deterministic, say), turns the compiled step off for this model, with one line on stderr: training then goes on
     * through SameDiff, slower but the same.
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
            CompiledStep candidate = new CompiledStep(sd, fed, names, into);
            for (String name : outputs) {
                requireSame(name, reference.getOutputs().get(name), candidate.array(name));
            }
            for (Param p : Param.values()) {
                requireSame(p.tlName() + " gradient", reference.getGradients().get(p.tlName()),
                        params.gradient(p));
            }
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

    /** Steps run on a compiled plan so far (for tests). */
    int runs() {
        return runs;
    }

    /** The plan's native calls per step and the ops it leaves out, or null before a plan is compiled. */
    PlanProfile profile() {
        return plan == null ? null : new PlanProfile(plan.calls(), plan.leftOut());
    }

    private static void requireSame(String name, INDArray expected, INDArray actual) {
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        if (!Arrays.equals(expected.shape(), actual.shape()) || !Arrays.equals(e, a)) {
            throw new IllegalStateException("the compiled step differs from SameDiff's at " + name + " (shape "
                    + Arrays.toString(actual.shape()) + ", SameDiff's " + Arrays.toString(expected.shape()) + ")");
        }
    }
}
