package io.github.sortlens.model;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training step with no graph work left: SameDiff defines the graph and differentiates it once; this class then
 * runs the gradient function's ops in a fixed order with preallocated arrays, each op with its own prepared
 * {@link OpContext}, so a step is only the kernels (the direction of upstream's unreleased plan executor).
 * SameDiff M2.1 instead clears its dependency tracker, recomputes the subgraph and allocates every array on
 * every call.
 *
 * <p>Valid while the placeholder arrays keep their shapes: the caller overwrites their contents in place and calls
 * {@link #run}. Output arrays are overwritten by the next run. Only plain ops are supported (custom and legacy
 * ops, identity); a graph with control flow is refused at construction.
 */
final class CompiledStep {

    private final List<Runnable> plan = new ArrayList<>();
    private final Map<String, INDArray> arrays = new HashMap<>();

    /**
     * Prepares and runs the step once on the given placeholder arrays.
     *
     * @param placeholders the arrays the caller refills before each {@link #run}, by placeholder name
     * @param outputs      names in the gradient function to compute (activations, loss, gradient variables)
     */
    CompiledStep(SameDiff sd, Map<String, INDArray> placeholders, List<String> outputs) {
        SameDiff grad = sd.getFunction("grad");
        if (grad == null) {
            throw new IllegalStateException("the graph has no gradient function: call createGradFunction first");
        }
        arrays.putAll(placeholders);
        for (String op : order(grad, outputs)) {
            prepare(grad, grad.getOps().get(op));
        }
        for (String name : outputs) {
            if (!arrays.containsKey(name)) {
                throw new IllegalStateException("the compiled step computes no array for " + name);
            }
        }
    }

    /** Runs every op of the step in order. */
    void run() {
        for (Runnable r : plan) {
            r.run();
        }
    }

    /** The array of a computed variable (overwritten by the next {@link #run}). */
    INDArray array(String name) {
        return arrays.get(name);
    }

    /** The ops the outputs need, each after the ops it reads from (depth-first post-order). */
    private static List<String> order(SameDiff grad, List<String> outputs) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String out : outputs) {
            visit(grad, out, done, order, new HashSet<>());
        }
        return order;
    }

    private static void visit(SameDiff grad, String variable, Set<String> done, List<String> order, Set<String> path) {
        Variable v = grad.getVariables().get(variable);
        if (v == null) {
            throw new IllegalStateException("no variable " + variable + " in the gradient function");
        }
        String op = v.getOutputOfOp();
        if (op == null || done.contains(op)) {
            return;
        }
        if (!path.add(op)) {
            throw new IllegalStateException("the gradient function has a cycle at " + op);
        }
        SameDiffOp sdo = grad.getOps().get(op);
        if (sdo.getInputsToOp() != null) {
            for (String in : sdo.getInputsToOp()) {
                visit(grad, in, done, order, path);
            }
        }
        if (sdo.getControlDeps() != null) {
            for (String dep : sdo.getControlDeps()) {
                visit(grad, dep, done, order, path);
            }
        }
        done.add(op);
        order.add(op);
    }

    private INDArray input(SameDiff grad, String name) {
        INDArray a = arrays.get(name);
        if (a != null) {
            return a;
        }
        SDVariable v = grad.getVariable(name);
        if (v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT) {
            a = v.getArr();
        }
        if (a == null) {
            throw new IllegalStateException("no array for " + name + " (" + v.getVariableType() + ")");
        }
        arrays.put(name, a);
        return a;
    }

    /** Sets up one op's context with fixed inputs and freshly allocated outputs, runs it once, adds it to the plan. */
    private void prepare(SameDiff grad, SameDiffOp sdo) {
        DifferentialFunction df = sdo.getOp();
        List<String> ins = sdo.getInputsToOp() == null ? List.of() : sdo.getInputsToOp();
        INDArray[] args = new INDArray[ins.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = input(grad, ins.get(i));
        }
        List<String> outs = sdo.getOutputsOfOp();
        if (df instanceof Identity) {
            arrays.put(outs.get(0), args[0]);
            return;
        }
        OpContext oc = Nd4j.getExecutioner().buildContext();
        if (df instanceof DynamicCustomOp custom) {
            if (df.getClass().getSimpleName().equals("Assign")) {
                throw new UnsupportedOperationException("assign is not supported by the compiled step");
            }
            oc.setArgs(args, custom.iArgs(), custom.dArgs(), custom.tArgs(), custom.bArgs());
            List<LongShapeDescriptor> shapes = custom.calculateOutputShape(oc);
            if (shapes == null || shapes.size() != outs.size()) {
                throw new IllegalStateException("op " + df.opName() + " gave " + (shapes == null ? 0 : shapes.size())
                        + " output shapes for " + outs.size() + " outputs");
            }
            for (int i = 0; i < outs.size(); i++) {
                LongShapeDescriptor shape = shapes.get(i);
                DataType dt = grad.getVariable(outs.get(i)).dataType();
                if (shape.dataType() != dt) {
                    shape = shape.asDataType(dt);
                }
                INDArray out = Nd4j.create(shape, false);
                oc.setOutputArray(i, out);
                arrays.put(outs.get(i), out);
            }
            plan.add(() -> Nd4j.exec((CustomOp) custom, oc));
        } else if (df instanceof Op op) {
            if (op instanceof ReduceOp && args.length == 2) {
                throw new UnsupportedOperationException("a reduction with its axis as an input is not supported");
            }
            if (op instanceof ScalarOp scalar && args.length == 2) {
                scalar.setScalar(args[1]);
            }
            oc.setInputArray(0, args[0]);
            if (args.length == 2) {
                oc.setInputArray(1, args[1]);
            }
            List<LongShapeDescriptor> shapes = ((org.nd4j.linalg.api.ops.BaseOp) op).calculateOutputShape(oc);
            INDArray out = Nd4j.create(shapes.get(0), false);
            oc.setOutputArray(0, out);
            arrays.put(outs.get(0), out);
            plan.add(() -> Nd4j.exec(op, oc));
        } else {
            throw new UnsupportedOperationException("op " + df.opName() + " (" + df.getClass().getSimpleName()
                    + ") is not supported by the compiled step");
        }
        plan.get(plan.size() - 1).run();
    }
}
