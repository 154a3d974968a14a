package io.github.sortlens.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep: the base config plus axes, each a model or train key with the values it takes. Every combination of one
 * value per axis is one run. Axes come from {@code sweep.<key>=values} lines of the config file and
 * {@code --sweep.<key>=values} on the command line (the command line wins for the same key); a value list is
 * {@code a..b} (integers, both ends included) or {@code v1,v2,...}.
 *
 * @param axes  swept key to its values, in the order given (the first axis varies slowest)
 * @param runs  one resolved config per combination, in that order
 */
public record SweepSpec(Map<String, List<String>> axes, List<RunConfig> runs) {

    /** Key prefix of an axis, in the config file and on the command line. */
    public static final String PREFIX = "sweep.";
    /** More runs than this is a mistake (a range typed too long), not a sweep this tool should start. */
    public static final int MAX_RUNS = 64;

    public SweepSpec {
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        runs = List.copyOf(runs);
    }

    /**
     * Resolves a sweep: the config file's plain lines and the overrides make the base config, the {@code sweep.}
     * lines and overrides the axes. Every combination is resolved and checked before anything runs; a bad spec is a
     * {@link ConfigException} whose one line names the problem and what is allowed.
     *
     * @param configFile a config file (may hold {@code sweep.} lines), or null
     * @param overrides  {@code section.key} and {@code sweep.section.key} values from the command line
     */
    public static SweepSpec resolve(Path configFile, Map<String, String> overrides) {
        Map<String, String> base = new LinkedHashMap<>();
        Map<String, String> axisText = new LinkedHashMap<>();
        if (configFile != null) {
            ConfigKeys.readFile(configFile).forEach((k, v) -> (k.startsWith(PREFIX) ? axisText : base).put(k, v));
        }
        overrides.forEach((k, v) -> (k.startsWith(PREFIX) ? axisText : base).put(k, v));
        if (axisText.isEmpty()) {
            throw new ConfigException("a sweep needs at least one axis, e.g. --sweep.train.seed=1..8 or a line"
                    + " sweep.model.n_heads=1,2 in the --config file");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        long combinations = 1;
        for (Map.Entry<String, String> e : axisText.entrySet()) {
            String key = e.getKey().substring(PREFIX.length());
            ConfigKeys.key(key); // unknown keys fail here, listing the known ones
            if (!key.startsWith("model.") && !key.startsWith("train.")) {
                throw new ConfigException(PREFIX + key + ": only model.* and train.* keys can be swept (they make"
                        + " different runs); analysis and report keys are set once for the whole sweep");
            }
            if (key.equals(ConfigKeys.D_VOCAB.name())) {
                throw new ConfigException(PREFIX + key + " cannot be swept: the comparison sets every run's QK and OV"
                        + " blocks side by side, so all runs need the same values (set model.d_vocab once)");
            }
            if (base.containsKey(key)) {
                throw new ConfigException(key + " is given both as a value and as the axis " + PREFIX + key
                        + "; give it once");
            }
            List<String> values = values(PREFIX + key, e.getValue());
            axes.put(key, values);
            combinations *= values.size();
            if (combinations > MAX_RUNS) {
                throw new ConfigException("the sweep has more than " + MAX_RUNS + " runs (" + describe(axisText)
                        + "); at most " + MAX_RUNS + " are allowed: narrow an axis or split the sweep");
            }
        }
        return new SweepSpec(axes, combinations(base, axes));
    }

    /** The values of one axis: {@code a..b} or a comma-separated list; none empty, none twice. */
    static List<String> values(String axis, String text) {
        String t = text.strip();
        List<String> values = new ArrayList<>();
        if (t.matches("-?\\d+\\s*\\.\\.\\s*-?\\d+")) {
            String[] ends = t.split("\\.\\.");
            long from;
            long to;
            try {
                from = Long.parseLong(ends[0].strip());
                to = Long.parseLong(ends[1].strip());
            } catch (NumberFormatException e) {
                throw new ConfigException(axis + "=" + ConfigException.show(text) + ": a range's ends must be whole"
                        + " numbers of at most 18 digits");
            }
            if (to < from) {
                throw new ConfigException(axis + "=" + ConfigException.show(text) + " is an empty range; a range is"
                        + " a..b with a <= b (both included)");
            }
            if (to - from >= MAX_RUNS) {
                throw new ConfigException(axis + "=" + ConfigException.show(text) + " has " + (to - from + 1)
                        + " values; a sweep has at most " + MAX_RUNS + " runs");
            }
            for (long v = from; v <= to; v++) {
                values.add(Long.toString(v));
            }
            return values;
        }
        Set<String> seen = new HashSet<>();
        for (String v : t.split(",", -1)) {
            String value = v.strip();
            if (value.isEmpty()) {
                throw new ConfigException(axis + "=" + ConfigException.show(text) + " has an empty value; give a..b"
                        + " or a comma-separated list such as 1,2");
            }
            if (!seen.add(value)) {
                throw new ConfigException(axis + "=" + ConfigException.show(text) + " gives " + value
                        + " twice; each run of a sweep must differ");
            }
            values.add(value);
        }
        return values;
    }

    /** Every combination, resolved; a value refused in any of them fails the whole sweep, naming the combination. */
    private static List<RunConfig> combinations(Map<String, String> base, Map<String, List<String>> axes) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String value : axis.getValue()) {
                    Map<String, String> c = new LinkedHashMap<>(combo);
                    c.put(axis.getKey(), value);
                    next.add(c);
                }
            }
            combos = next;
        }
        List<RunConfig> runs = new ArrayList<>();
        Set<String> trainings = new HashSet<>();
        for (Map<String, String> combo : combos) {
            Map<String, String> values = new LinkedHashMap<>(base);
            values.putAll(combo);
            RunConfig c;
            try {
                c = ConfigKeys.resolve(null, values);
            } catch (ConfigException e) {
                throw new ConfigException("sweep run " + describe(combo) + ": " + e.getMessage());
            }
            if (!trainings.add(ConfigKeys.trainingText(c))) {
                throw new ConfigException("sweep run " + describe(combo) + " trains the same model as an earlier"
                        + " combination; each run of a sweep must differ");
            }
            runs.add(c);
        }
        return runs;
    }

    /** The values that make one run, e.g. {@code model.n_heads=2, train.seed=3}. */
    public static String describe(Map<String, String> combo) {
        List<String> parts = new ArrayList<>();
        combo.forEach((k, v) -> parts.add(k + "=" + ConfigException.show(v)));
        return String.join(", ", parts);
    }

    /** What run {@code i} sets on each axis, in axis order. */
    public Map<String, String> combination(int i) {
        Map<String, String> all = ConfigKeys.toMap(runs.get(i));
        Map<String, String> combo = new LinkedHashMap<>();
        axes.keySet().forEach(k -> combo.put(k, all.get(k)));
        return combo;
    }

    /** The spec as {@code sweep.} lines and the axes' values, for the report. */
    public String text() {
        StringBuilder s = new StringBuilder();
        axes.forEach((k, v) -> s.append(PREFIX).append(k).append('=').append(String.join(",", v)).append('\n'));
        return s.toString();
    }
}
