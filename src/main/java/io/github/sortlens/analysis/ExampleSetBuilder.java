package io.github.sortlens.analysis;

import io.github.sortlens.config.AnalysisConfig;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds the example set: curated edge cases with stable ids, a fixed random sample of the held-out set and the
 * worst held-out sequences. Curated cases scale with the config (list length {@code n}, values {@code 0..V-1}) and
 * draw any randomness from the one seed ({@code derive(seed, "curated")}), so they are the same in every run.
 */
public final class ExampleSetBuilder {

    private final ModelConfig model;
    private final SortingTask task;

    public ExampleSetBuilder(ModelConfig model) {
        this.model = model;
        this.task = new SortingTask(model);
    }

    /**
     * @param heldOut      [sequence, position] the held-out set
     * @param worstIndices held-out indices of the worst sequences, worst first
     */
    public ExampleSet build(long seed, AnalysisConfig config, int[][] heldOut, int[] worstIndices) {
        List<Example> examples = new ArrayList<>(curated(seed));
        SplitMix64 rng = SplitMix64.derive(seed, "examples");
        TreeSet<Integer> chosen = new TreeSet<>(); // the worst sequences are listed as such, never again as random
        for (int w : worstIndices) {
            chosen.add(w);
        }
        int count = Math.min(config.randomExamples(), heldOut.length - chosen.size());
        List<Integer> order = new ArrayList<>();
        while (order.size() < count) {
            int index = rng.nextInt(heldOut.length);
            if (chosen.add(index)) {
                order.add(index);
            }
        }
        for (int k = 0; k < order.size(); k++) {
            examples.add(new Example(String.format("random-%02d", k), Example.RANDOM,
                    "held-out sequence " + order.get(k), order.get(k), heldOut[order.get(k)].clone()));
        }
        for (int k = 0; k < worstIndices.length; k++) {
            int index = worstIndices[k];
            examples.add(new Example(String.format("worst-%02d", k), Example.WORST,
                    "held-out sequence " + index + ", rank " + (k + 1) + " by lowest correct-token probability",
                    index, heldOut[index].clone()));
        }
        return new ExampleSet(examples);
    }

    /** The curated edge cases, in a fixed order. */
    public List<Example> curated(long seed) {
        SplitMix64 rng = SplitMix64.derive(seed, "curated");
        int n = model.listLength();
        int v = model.valueCount();
        int band = Math.max(2, v / 6);
        List<Example> out = new ArrayList<>();
        out.add(curated("all-equal", "every value equal (" + v / 2 + ")", filled(n, v / 2)));
        int[] ascending = sorted(draw(rng, n, 0, v));
        out.add(curated("already-sorted", "random values, given already in ascending order", ascending));
        out.add(curated("reverse-sorted", "random values, given in descending order", reversed(sorted(draw(rng, n, 0, v)))));
        int[] few = {rng.nextInt(v), rng.nextInt(v), rng.nextInt(v)};
        out.add(curated("many-duplicates", "only the values " + Arrays.toString(few) + ", repeated",
                pickFrom(rng, n, few)));
        int[] spread = {0, v / 3, 2 * v / 3, v - 1};
        out.add(curated("large-gaps", "only the widely spaced values " + Arrays.toString(spread),
                pickFrom(rng, n, spread)));
        out.add(curated("only-high", "only the top " + band + " values (" + (v - band) + ".." + (v - 1) + ")",
                draw(rng, n, v - band, v)));
        out.add(curated("only-low", "only the bottom " + band + " values (0.." + (band - 1) + ")",
                draw(rng, n, 0, band)));
        int d = Math.max(0, v / 2 - 1);
        int[] run = {d, Math.min(v - 1, d + 1), Math.min(v - 1, d + 2)};
        out.add(curated("adjacent-runs", "runs of the adjacent values " + Arrays.toString(run) + ", shuffled",
                shuffled(rng, repeatCycle(n, run))));
        out.add(curated("min-and-max", "only the smallest and largest values (0 and " + (v - 1) + ")",
                pickFrom(rng, n, new int[] {0, v - 1})));
        if (v >= n) {
            out.add(curated("all-distinct", n + " different values, shuffled",
                    shuffled(rng, distinct(rng, n, v))));
        }
        return out;
    }

    private Example curated(String id, String description, int[] values) {
        return new Example(id, Example.CURATED, description, -1, task.sequence(values));
    }

    private static int[] filled(int n, int value) {
        int[] out = new int[n];
        Arrays.fill(out, value);
        return out;
    }

    private static int[] draw(SplitMix64 rng, int n, int lo, int hi) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = lo + rng.nextInt(hi - lo);
        }
        return out;
    }

    private static int[] pickFrom(SplitMix64 rng, int n, int[] values) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[i < values.length ? i : rng.nextInt(values.length)];
        }
        return shuffled(rng, out);
    }

    private static int[] repeatCycle(int n, int[] values) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[i * values.length / n];
        }
        return out;
    }

    private static int[] distinct(SplitMix64 rng, int n, int v) {
        int[] all = new int[v];
        for (int i = 0; i < v; i++) {
            all[i] = i;
        }
        return Arrays.copyOf(shuffled(rng, all), n);
    }

    private static int[] sorted(int[] values) {
        int[] out = values.clone();
        Arrays.sort(out);
        return out;
    }

    private static int[] reversed(int[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }

    /** Fisher-Yates on a copy. */
    private static int[] shuffled(SplitMix64 rng, int[] values) {
        int[] out = values.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = out[i];
            out[i] = out[j];
            out[j] = tmp;
        }
        return out;
    }
}
