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
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 * <p>Two kinds of op do no work once shapes are fixed, and the plan leaves them out: {@code shape_of} (its value is
 * fixed, computed once when the plan is prepared) and a {@code reshape} of a row-major array (its output is a view
 * of its input, the same memory). Every other op is SameDiff's own op on SameDiff's own kernel, so the numbers are
 * the same bits.
 *
 * <p>Named outputs can be given arrays to be written into (a model's flat gradient buffer, say): the op that computes
 * one, or the op before a chain of reshapes that ends in one, writes straight into that memory.
 *
 * <p>Valid while the placeholder arrays keep their shapes: the caller overwrites their contents in place and calls
 * {@link #run}. Output arrays are overwritten by the next run. Only plain ops are supported (custom and legacy
 * ops, identity); a graph with control flow is refused at construction.
 */
final class CompiledStep {

    /** Suffix of the name of a call that runs a {@link JavaKernels} kernel instead of the native op. */
    static final String JAVA = " (Java)";

    /** One call of the plan: a native op, or a Java kernel. */
    private record Call(String op, Runnable kernel) {
    }

    private final List<Call> plan = new ArrayList<>();
    /** Nanoseconds inside each call of the plan over the {@link #runTimed} runs so far (for the benchmark). */
    private long[] callNanos = new long[0];
    private final Map<String, INDArray> arrays = new HashMap<>();
    /** Variables to be computed straight into given memory: the array each is written into, in its own shape. */
    private final Map<String, INDArray> storage = new HashMap<>();
    /** Variables something reads: an op of the plan, or the caller (the requested outputs). */
    private final Set<String> read = new HashSet<>();
    /** Variables an op of the plan reads. */
    private final Set<String> readByOps = new HashSet<>();
    /** The output of each softmax planned so far, by its input array (for the Java softmax_bp). */
    private final Map<INDArray, INDArray> softmaxOf = new IdentityHashMap<>();
    /** The output of each cross-entropy loss run by a Java kernel, by its logits array, and that kernel's call. */
    private final Map<INDArray, INDArray> lossOf = new IdentityHashMap<>();
    private final Map<INDArray, Call> lossCall = new IdentityHashMap<>();
    private final boolean javaKernels;
    private int leftOut;

    /**
     * Prepares and runs the step once on the given placeholder arrays.
     *
     * @param placeholders the arrays the caller refills before each {@link #run}, by placeholder name
     * @param outputs      names in the gradient function to compute (activations, loss, gradient variables)
     * @param into         outputs to be written into the given arrays (of the output's length, row-major)
     */
    CompiledStep(SameDiff sd, Map<String, INDArray> placeholders, List<String> outputs, Map<String, INDArray> into,
                 boolean javaKernels) {
        SameDiff grad = sd.getFunction("grad");
        if (grad == null) {
            throw new IllegalStateException("the graph has no gradient function: call createGradFunction first");
        }
        this.javaKernels = javaKernels;
        arrays.putAll(placeholders);
        into.forEach((name, target) -> storage.put(source(grad, name), target));
        List<String> order = order(grad, outputs);
        for (String op : order) {
            List<String> ins = grad.getOps().get(op).getInputsToOp();
            if (ins != null) {
                readByOps.addAll(ins);
            }
        }
        read.addAll(outputs);
        read.addAll(readByOps);
        for (String op : order) {
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
        for (Call c : plan) {
            c.kernel().run();
        }
    }

    /** Runs the step as {@link #run} does and returns the nanoseconds spent inside the ops (for the benchmark). */
    long runTimed() {
        if (callNanos.length != plan.size()) {
            callNanos = new long[plan.size()];
        }
        long inOps = 0;
        for (int i = 0; i < callNanos.length; i++) {
            long t0 = System.nanoTime();
            plan.get(i).kernel().run();
            long t = System.nanoTime() - t0;
            callNanos[i] += t;
            inOps += t;
        }
        return inOps;
    }

    /** Nanoseconds inside each call (in plan order) over every {@link #runTimed} run so far. */
    long[] callNanos() {
        return callNanos.length == plan.size() ? callNanos.clone() : new long[plan.size()];
    }

    /** The op names of the plan's native calls, in order. */
    List<String> calls() {
        List<String> names = new ArrayList<>(plan.size());
        plan.forEach(c -> names.add(c.op()));
        return names;
    }

    /** Ops of the gradient function that the plan leaves out ({@code shape_of}, view reshapes, identities). */
    int leftOut() {
        return leftOut;
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

    /**
     * The variable whose op must write into the memory of {@code name}: {@code name} itself, or the input of the
     * chain of reshapes and identities that ends in it (the plan makes those views of their input).
     */
    private String source(SameDiff grad, String name) {
        String v = name;
        while (true) {
            String op = grad.getVariables().get(v).getOutputOfOp();
            if (op == null) {
                throw new IllegalStateException(name + " is not computed by an op");
            }
            DifferentialFunction df = grad.getOps().get(op).getOp();
            if (!(df instanceof Identity) && !(df instanceof Reshape)) {
                if (storage.containsKey(v)) {
                    throw new IllegalStateException(name + " shares its source " + v + " with another output");
                }
                return v;
            }
            v = grad.getOps().get(op).getInputsToOp().get(0);
        }
    }

    /** A new array for an op's output, or the view of given memory when the output is to be written there. */
    private INDArray allocate(String name, LongShapeDescriptor shape) {
        INDArray target = storage.get(name);
        if (target == null) {
            return Nd4j.create(shape, false);
        }
        if (target.length() != length(shape) || target.dataType() != shape.dataType()) {
            throw new IllegalStateException("the array given for " + name + " does not fit its shape " + shape);
        }
        return target.reshape('c', true, shape.getShape());
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

    /**
     * Sets up one op's context with fixed inputs and preallocated outputs and runs it once; adds it to the plan
     * unless its output is fixed ({@code shape_of}) or a view of its input (identity, row-major reshape).
     */
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
            leftOut++;
            return;
        }
        OpContext oc = Nd4j.getExecutioner().buildContext();
        Runnable kernel;
        String name = df.opName();
        boolean fusedLoss = false;
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
            if (df instanceof Reshape && view(grad, args[0], shapes.get(0), outs.get(0))) {
                return;
            }
            if (javaKernels && df.opName().equals("add_bp") && addGradientWithoutCopies(args, outs, shapes)) {
                return;
            }
            for (int i = 0; i < outs.size(); i++) {
                LongShapeDescriptor shape = shapes.get(i);
                DataType dt = grad.getVariable(outs.get(i)).dataType();
                if (shape.dataType() != dt) {
                    shape = shape.asDataType(dt);
                }
                INDArray out = allocate(outs.get(i), shape);
                oc.setOutputArray(i, out);
                arrays.put(outs.get(i), out);
            }
            kernel = javaKernels ? javaKernel(grad, custom, ins, args, outs) : null;
            if (kernel == null) {
                kernel = () -> Nd4j.exec((CustomOp) custom, oc);
            } else {
                name = df.opName() + JAVA;
            }
            if (df.opName().equals("softmax")) {
                softmaxOf.put(args[0], arrays.get(outs.get(0)));
            }
            fusedLoss = name.endsWith(JAVA) && df.opName().equals("softmax_cross_entropy_loss")
                    && !readByOps.contains(outs.get(0));
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
            INDArray out = allocate(outs.get(0), shapes.get(0));
            oc.setOutputArray(0, out);
            arrays.put(outs.get(0), out);
            kernel = () -> Nd4j.exec(op, oc);
        } else {
            throw new UnsupportedOperationException("op " + df.opName() + " (" + df.getClass().getSimpleName()
                    + ") is not supported by the compiled step");
        }
        kernel.run();
        if (df instanceof org.nd4j.linalg.api.ops.impl.shape.Shape) {
            leftOut++; // its value depends on shapes only, which the plan fixes
        } else {
            Call call = new Call(name, kernel);
            plan.add(call);
            if (fusedLoss) {
                lossOf.put(args[0], arrays.get(outs.get(0)));
                lossCall.put(args[0], call);
            } else if (name.equals("softmax_cross_entropy_loss_grad" + JAVA) && lossCall.containsKey(args[0])) {
                plan.remove(lossCall.remove(args[0])); // this kernel writes the loss too
                leftOut++;
            }
        }
    }

    /**
     * {@code add_bp} of x + y with upstream gradient eps: each input of eps' shape gets eps itself as its gradient
     * (a copy in libnd4j: the same values, so the same bits), a bias broadcast along the rows of eps gets the
     * column sums of eps (of each block, for a batched eps) from a Java kernel, and an output nothing reads is not
     * computed. False, with nothing changed, when an output fits none of these (eps' shape but to be written into
     * given memory, or broadcast otherwise).
     */
    private boolean addGradientWithoutCopies(INDArray[] args, List<String> outs, List<LongShapeDescriptor> shapes) {
        INDArray eps = args[2];
        if (!JavaKernels.dense(eps)) {
            return false;
        }
        INDArray[] sums = new INDArray[outs.size()];
        boolean[] alias = new boolean[outs.size()];
        for (int i = 0; i < outs.size(); i++) {
            String out = outs.get(i);
            long[] shape = shapes.get(i).getShape();
            if (!read.contains(out)) {
                continue;
            }
            if (java.util.Arrays.equals(shape, eps.shape()) && !storage.containsKey(out)) {
                alias[i] = true;
            } else if (sumsOverRows(eps.shape(), shape)) {
                sums[i] = allocate(out, shapes.get(i));
            } else {
                return false;
            }
        }
        List<INDArray> columnSums = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            if (alias[i]) {
                arrays.put(outs.get(i), eps);
            } else if (sums[i] != null) {
                arrays.put(outs.get(i), sums[i]);
                columnSums.add(sums[i]);
            }
        }
        if (columnSums.isEmpty()) {
            leftOut++;
            return true;
        }
        Runnable kernel = JavaKernels.columnSums(eps, columnSums);
        kernel.run();
        plan.add(new Call("add_bp" + JAVA, kernel));
        return true;
    }

    /**
     * True when an input of this shape broadcast along the rows of eps: eps [N, C] and the input [C] or [1, C];
     * or eps [B, N, C] and the input [B, 1, C].
     */
    private static boolean sumsOverRows(long[] eps, long[] input) {
        if (eps.length == 2) {
            return input.length <= 2 && input[input.length - 1] == eps[1] && (input.length == 1 || input[0] == 1);
        }
        return eps.length == 3 && input.length == 3 && input[0] == eps[0] && input[1] == 1 && input[2] == eps[2];
    }

    /** The Java kernel for the op ({@link JavaKernels}), or null when it stays SameDiff's native op. */
    private Runnable javaKernel(SameDiff grad, DynamicCustomOp op, List<String> ins, INDArray[] args,
                                List<String> outs) {
        INDArray[] out = new INDArray[outs.size()];
        boolean[] needed = new boolean[outs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arrays.get(outs.get(i));
            needed[i] = read.contains(outs.get(i));
        }
        boolean placeholder = !ins.isEmpty()
                && grad.getVariable(ins.get(0)).getVariableType() == VariableType.PLACEHOLDER;
        return JavaKernels.of(op.opName(), op.iArgs(), op.tArgs(), args, out, needed, placeholder, softmaxOf, lossOf);
    }

    /**
     * Makes a reshape's output a view of its input when the input is row-major and contiguous (then the reshape
     * copies nothing that the view does not already show); false when it is not, and the reshape stays an op.
     */
    private boolean view(SameDiff grad, INDArray input, LongShapeDescriptor shape, String out) {
        if (!rowMajor(input) || input.length() != length(shape) || input.dataType() != grad.getVariable(out).dataType()) {
            return false;
        }
        arrays.put(out, input.reshape('c', true, shape.getShape()));
        leftOut++;
        return true;
    }

    /** True when the array's elements lie in row-major order one after another (strides of size-1 axes aside). */
    static boolean rowMajor(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) != 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= a.size(i);
        }
        return true;
    }

    private static long length(LongShapeDescriptor shape) {
        long n = 1;
        for (long s : shape.getShape()) {
            n *= s;
        }
        return n;
    }
}
