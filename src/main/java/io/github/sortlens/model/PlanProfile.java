package io.github.sortlens.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a compiled training step runs: its native calls in order (op names), how many ops of SameDiff's gradient
 * function it leaves out because they do no work once shapes are fixed, the nanoseconds spent inside each call
 * over the timed runs so far (zeros when none was timed), and how far the plan was from SameDiff's own step when it
 * was checked (the largest difference of an output or gradient over its largest value; 0 for the same bits). For the
 * benchmark's breakdown of a step.
 */
public record PlanProfile(List<String> calls, int leftOut, long[] callNanos, double differenceFromSameDiff) {

    public PlanProfile {
        calls = List.copyOf(calls);
        callNanos = callNanos.clone();
        if (callNanos.length != calls.size()) {
            throw new IllegalArgumentException(callNanos.length + " call times for " + calls.size() + " calls");
        }
    }

    /** Native calls per step (the plan's calls less its Java kernels). */
    public int nativeCalls() {
        return calls.size() - javaKernels();
    }

    /** Calls per step that run a Java kernel instead of a native op. */
    public int javaKernels() {
        return (int) calls.stream().filter(c -> c.endsWith(CompiledStep.JAVA)).count();
    }

    /** Calls per op name, by name. */
    public Map<String, Integer> byOp() {
        Map<String, Integer> counts = new TreeMap<>();
        calls.forEach(c -> counts.merge(c, 1, Integer::sum));
        return counts;
    }

    /** Nanoseconds inside the calls of each op name over the timed runs, by name. */
    public Map<String, Long> nanosByOp() {
        Map<String, Long> nanos = new TreeMap<>();
        for (int i = 0; i < calls.size(); i++) {
            nanos.merge(calls.get(i), callNanos[i], Long::sum);
        }
        return nanos;
    }
}
