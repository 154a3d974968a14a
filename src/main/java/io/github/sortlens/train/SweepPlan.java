package io.github.sortlens.train;

import io.github.sortlens.config.ConfigException;
import io.github.sortlens.config.RunConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a sweep's runs are trained: in units of at most {@code groupSize} runs that differ only in their seed (one
 * {@link EnsembleTrainer} graph each), and which units a shard takes. The units depend on the runs and the group size
 * only, never on the number of shards, so a run is trained in the same unit, with the same bits, however the sweep is
 * split: that is what makes a sharded sweep equal the unsharded one.
 *
 * @param units each unit's run indices (into the sweep's run list), in run order
 */
public record SweepPlan(List<List<Integer>> units) {

    /** Runs per graph when not told otherwise: where one graph of K models stops being much cheaper than K runs. */
    public static final int DEFAULT_GROUP_SIZE = 8;
    public static final int MAX_GROUP_SIZE = 64;

    public SweepPlan {
        units = units.stream().map(List::copyOf).toList();
    }

    /**
     * Groups runs whose model and train keys agree apart from the seed (in order of first appearance), and cuts each
     * group into units of at most {@code groupSize}.
     */
    public static SweepPlan of(List<RunConfig> runs, int groupSize) {
        if (groupSize < 1 || groupSize > MAX_GROUP_SIZE) {
            throw new ConfigException("--group-size " + groupSize + " is out of range; allowed: 1 to "
                    + MAX_GROUP_SIZE + " runs trained together in one graph");
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunConfig c = runs.get(i);
            String shape = c.model() + "|" + EnsembleTrainer.withSeed(c.train(), 0);
            groups.computeIfAbsent(shape, k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> units = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            for (int from = 0; from < group.size(); from += groupSize) {
                units.add(group.subList(from, Math.min(group.size(), from + groupSize)));
            }
        }
        return new SweepPlan(units);
    }

    /** The units shard {@code index} of {@code count} trains (1-based): every count-th unit from the index-th. */
    public List<List<Integer>> shard(int index, int count) {
        List<List<Integer>> mine = new ArrayList<>();
        for (int u = index - 1; u < units.size(); u += count) {
            mine.add(units.get(u));
        }
        return mine;
    }

    /**
     * Parses {@code i/n} (1 <= i <= n <= 1000).
     *
     * @return {index, count}
     */
    public static int[] parseShard(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,4}/\\d{1,4}")) {
            int i = Integer.parseInt(t.substring(0, t.indexOf('/')));
            int n = Integer.parseInt(t.substring(t.indexOf('/') + 1));
            if (n >= 1 && n <= 1000 && i >= 1 && i <= n) {
                return new int[] {i, n};
            }
        }
        throw new ConfigException("--shard " + ConfigException.show(text) + " is not allowed; give i/n with"
                + " 1 <= i <= n <= 1000, e.g. --shard 2/4 (the second of four shares)");
    }
}
