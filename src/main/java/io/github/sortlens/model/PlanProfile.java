package io.github.sortlens.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a compiled training step runs: its native calls in order (op names) and how many ops of SameDiff's gradient
 * function it leaves out because they do no work once shapes are fixed. For the benchmark's breakdown of a step.
 */
public record PlanProfile(List<String> calls, int leftOut) {

    public PlanProfile {
        calls = List.copyOf(calls);
    }

    /** Native calls per step. */
    public int nativeCalls() {
        return calls.size();
    }

    /** Calls per op name, by name. */
    public Map<String, Integer> byOp() {
        Map<String, Integer> counts = new TreeMap<>();
        calls.forEach(c -> counts.merge(c, 1, Integer::sum));
        return counts;
    }
}
