package io.github.sortlens.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The table of every configuration key: its name ({@code section.key}), type, meaning and where it lives in
 * {@link RunConfig}. Resolution is defaults, then a config file, then command-line overrides; an unknown key or a
 * value of the wrong type is an error naming the key.
 */
public final class ConfigKeys {

    /** The kinds of value a key takes, each with the words that say what is allowed. */
    public enum Kind {
        INT("an integer"), LONG("an integer"), NUMBER("a number"), TEXT("a text");

        final String allowed;

        Kind(String allowed) {
            this.allowed = allowed;
        }
    }

    /** One key: its name, type, meaning and how to read it from a config. */
    public record Key(String name, Kind kind, String meaning, Function<RunConfig, Object> get) {
        public String defaultValue() {
            return format(get.apply(RunConfig.DEFAULTS));
        }
    }

    public static final List<Key> ALL = List.of(
            new Key("model.d_model", Kind.INT, "residual stream width", c -> c.model().dModel()),
            new Key("model.d_head", Kind.INT, "width of each head's query, key and value", c -> c.model().dHead()),
            new Key("model.n_heads", Kind.INT, "attention heads", c -> c.model().nHeads()),
            new Key("model.n_layers", Kind.INT, "layers (only 1: attention-only, one layer)", c -> c.model().nLayers()),
            new Key("model.n_ctx", Kind.INT, "sequence length: START, list, STOP, sorted list (even, >= 4)",
                    c -> c.model().nCtx()),
            new Key("model.d_vocab", Kind.INT, "vocabulary: values 0..d_vocab-3, START = d_vocab-2, STOP = d_vocab-1",
                    c -> c.model().dVocab()),
            new Key("train.batch_size", Kind.INT, "fresh sequences per training step", c -> c.train().batchSize()),
            new Key("train.steps", Kind.INT, "training steps", c -> c.train().steps()),
            new Key("train.lr", Kind.NUMBER, "Adam learning rate", c -> c.train().lr()),
            new Key("train.seed", Kind.LONG, "the one seed: data, weights, held-out set, examples",
                    c -> c.train().seed()),
            new Key("train.log_every", Kind.INT, "steps per training-loss row (means over those steps)",
                    c -> c.train().logEvery()),
            new Key("train.eval_every", Kind.INT, "steps between held-out evaluations while training",
                    c -> c.train().evalEvery()),
            new Key("train.eval_size", Kind.INT, "held-out sequences per evaluation while training",
                    c -> c.train().evalSize()),
            new Key("train.checkpoint_every", Kind.INT, "steps between checkpoints", c -> c.train().checkpointEvery()),
            new Key("analysis.held_out_size", Kind.INT, "fresh sequences for held-out evaluation and ablations",
                    c -> c.analysis().heldOutSize()),
            new Key("analysis.random_examples", Kind.INT, "random held-out sequences in the example set",
                    c -> c.analysis().randomExamples()),
            new Key("analysis.worst_examples", Kind.INT, "worst held-out sequences in the example set",
                    c -> c.analysis().worstExamples()),
            new Key("report.title", Kind.TEXT, "title shown on every page", c -> c.report().title()),
            new Key("report.base_url", Kind.TEXT, "absolute URL of the published site (canonical and og:url links)",
                    c -> c.report().baseUrl()));

    private ConfigKeys() {
    }

    /** Resolves defaults, then the file (if any), then the overrides, in that order. */
    public static RunConfig resolve(Path configFile, Map<String, String> overrides) {
        Map<String, String> values = toMap(RunConfig.DEFAULTS);
        if (configFile != null) {
            putAll(values, readFile(configFile), "in " + configFile);
        }
        putAll(values, overrides, "");
        return build(values);
    }

    /** Every key with its value, in table order; what {@link #build} reads back to the same config. */
    public static Map<String, String> toMap(RunConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Key key : ALL) {
            values.put(key.name(), format(key.get().apply(config)));
        }
        return values;
    }

    /** The resolved config as {@code key=value} lines in table order: stable text, written next to the outputs. */
    public static String toText(RunConfig config) {
        StringBuilder text = new StringBuilder();
        toMap(config).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    /** Reads {@code key=value} lines ({@code #} comments and blank lines allowed). */
    public static Map<String, String> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("config file " + file + " line " + (i + 1) + " is not key=value: " + line);
            }
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return values;
    }

    /** Builds the config from a complete key map. */
    public static RunConfig build(Map<String, String> v) {
        ModelConfig model = new ModelConfig(i(v, "model.d_model"), i(v, "model.d_head"), i(v, "model.n_heads"),
                i(v, "model.n_layers"), i(v, "model.n_ctx"), i(v, "model.d_vocab"));
        TrainConfig train = new TrainConfig(i(v, "train.batch_size"), i(v, "train.steps"), d(v, "train.lr"),
                l(v, "train.seed"), i(v, "train.log_every"), i(v, "train.eval_every"), i(v, "train.eval_size"),
                i(v, "train.checkpoint_every"));
        AnalysisConfig analysis = new AnalysisConfig(i(v, "analysis.held_out_size"),
                i(v, "analysis.random_examples"), i(v, "analysis.worst_examples"));
        ReportConfig report = new ReportConfig(v.get("report.title"), v.get("report.base_url"));
        return new RunConfig(model, train, analysis, report);
    }

    /** The key with this name, or an error listing what is known. */
    public static Key key(String name) {
        for (Key key : ALL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        throw new ConfigException("unknown config key '" + name + "'; known keys: "
                + String.join(", ", ALL.stream().map(Key::name).toList()));
    }

    private static void putAll(Map<String, String> values, Map<String, String> updates, String where) {
        updates.forEach((name, value) -> {
            try {
                key(name);
            } catch (ConfigException e) {
                throw where.isEmpty() ? e : new ConfigException(e.getMessage() + " (" + where + ")");
            }
            values.put(name, value);
        });
    }

    private static int i(Map<String, String> v, String name) {
        try {
            return Integer.parseInt(v.get(name).strip());
        } catch (NumberFormatException e) {
            throw ConfigException.outOfRange(name, v.get(name), Kind.INT.allowed);
        }
    }

    private static long l(Map<String, String> v, String name) {
        try {
            return Long.parseLong(v.get(name).strip());
        } catch (NumberFormatException e) {
            throw ConfigException.outOfRange(name, v.get(name), Kind.LONG.allowed);
        }
    }

    private static double d(Map<String, String> v, String name) {
        try {
            return Double.parseDouble(v.get(name).strip());
        } catch (NumberFormatException e) {
            throw ConfigException.outOfRange(name, v.get(name), Kind.NUMBER.allowed);
        }
    }

    private static String format(Object value) {
        return String.valueOf(value);
    }
}
