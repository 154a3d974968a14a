package io.github.sortlens.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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

    // One constant per key: its name is spelled here only; the records check values under it, build() reads it.
    public static final Key D_MODEL = new Key("model.d_model", Kind.INT, "residual stream width",
            c -> c.model().dModel());
    public static final Key D_HEAD = new Key("model.d_head", Kind.INT, "width of each head's query, key and value",
            c -> c.model().dHead());
    public static final Key N_HEADS = new Key("model.n_heads", Kind.INT, "attention heads", c -> c.model().nHeads());
    public static final Key N_LAYERS = new Key("model.n_layers", Kind.INT, "layers (only 1: attention-only, one layer)",
            c -> c.model().nLayers());
    public static final Key N_CTX = new Key("model.n_ctx", Kind.INT,
            "sequence length: START, list, STOP, sorted list (even, >= 4)", c -> c.model().nCtx());
    public static final Key D_VOCAB = new Key("model.d_vocab", Kind.INT,
            "vocabulary: values 0..d_vocab-3, START = d_vocab-2, STOP = d_vocab-1", c -> c.model().dVocab());
    public static final Key BATCH_SIZE = new Key("train.batch_size", Kind.INT, "fresh sequences per training step",
            c -> c.train().batchSize());
    public static final Key STEPS = new Key("train.steps", Kind.INT, "training steps", c -> c.train().steps());
    public static final Key LR = new Key("train.lr", Kind.NUMBER, "Adam learning rate", c -> c.train().lr());
    public static final Key SEED = new Key("train.seed", Kind.LONG,
            "the one seed: data, weights, held-out set, examples", c -> c.train().seed());
    public static final Key LOG_EVERY = new Key("train.log_every", Kind.INT,
            "steps per training-loss row (means over those steps)", c -> c.train().logEvery());
    public static final Key EVAL_EVERY = new Key("train.eval_every", Kind.INT,
            "steps between held-out evaluations while training", c -> c.train().evalEvery());
    public static final Key EVAL_SIZE = new Key("train.eval_size", Kind.INT,
            "held-out sequences per evaluation while training", c -> c.train().evalSize());
    public static final Key CHECKPOINT_EVERY = new Key("train.checkpoint_every", Kind.INT, "steps between checkpoints",
            c -> c.train().checkpointEvery());
    public static final Key SNAPSHOT_EVERY = new Key("train.snapshot_every", Kind.INT,
            "steps between weight snapshots for training dynamics (0: none)", c -> c.train().snapshotEvery());
    public static final Key HELD_OUT_SIZE = new Key("analysis.held_out_size", Kind.INT,
            "fresh sequences for held-out evaluation and ablations", c -> c.analysis().heldOutSize());
    public static final Key RANDOM_EXAMPLES = new Key("analysis.random_examples", Kind.INT,
            "random held-out sequences in the example set", c -> c.analysis().randomExamples());
    public static final Key WORST_EXAMPLES = new Key("analysis.worst_examples", Kind.INT,
            "worst held-out sequences in the example set", c -> c.analysis().worstExamples());
    public static final Key DYNAMICS_SIZE = new Key("analysis.dynamics_size", Kind.INT,
            "held-out sequences measured at every training snapshot", c -> c.analysis().dynamicsSize());
    public static final Key TITLE = new Key("report.title", Kind.TEXT, "title shown on every page",
            c -> c.report().title());
    public static final Key BASE_URL = new Key("report.base_url", Kind.TEXT,
            "absolute URL of the published site (canonical and og:url links)", c -> c.report().baseUrl());
    public static final Key SWEEP_DIR = new Key("report.sweep_dir", Kind.TEXT,
            "folder beside the report holding a sweep comparison, linked both ways (e.g. sweep)",
            c -> c.report().sweepDir());
    public static final Key VERSION = new Key("report.version", Kind.TEXT,
            "the released version this site is published as (e.g. 1.2.0, a v* tag without the v); empty: unreleased",
            c -> c.report().version());

    public static final List<Key> ALL = List.of(D_MODEL, D_HEAD, N_HEADS, N_LAYERS, N_CTX, D_VOCAB, BATCH_SIZE, STEPS,
            LR, SEED, LOG_EVERY, EVAL_EVERY, EVAL_SIZE, CHECKPOINT_EVERY, SNAPSHOT_EVERY, HELD_OUT_SIZE,
            RANDOM_EXAMPLES, WORST_EXAMPLES, DYNAMICS_SIZE, TITLE, BASE_URL, SWEEP_DIR,
            VERSION);

    private ConfigKeys() {
    }

    /** A config file is key=value lines: anything larger than this is not one. */
    static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * Resolves defaults, then the file (if any), then the overrides, in that order. A refused value is reported as
     * it was given, with the file and line it came from.
     */
    public static RunConfig resolve(Path configFile, Map<String, String> overrides) {
        Map<String, String> values = toMap(RunConfig.DEFAULTS);
        Map<String, String> origin = new LinkedHashMap<>();
        if (configFile != null) {
            for (Line line : readLines(configFile)) {
                String where = "config file " + configFile + " line " + line.number();
                put(values, line.key(), line.value(), where);
                origin.put(line.key(), where);
            }
        }
        java.util.Set<String> given = new java.util.HashSet<>(origin.keySet());
        overrides.forEach((name, value) -> {
            put(values, name, value, null);
            origin.remove(name);
            given.add(name);
        });
        deriveDefaults(values, given);
        try {
            return build(values);
        } catch (ConfigException e) {
            throw e.asGiven(values.get(e.key()), origin.get(e.key()));
        }
    }

    /**
     * Defaults that follow other keys when they were not given: the dynamics set is at most the held-out set, and
     * snapshots are spaced so that a long run keeps at most {@link TrainConfig#MAX_SNAPSHOTS}.
     */
    private static void deriveDefaults(Map<String, String> values, java.util.Set<String> given) {
        if (!given.contains(DYNAMICS_SIZE.name())) {
            parsed(values, HELD_OUT_SIZE.name()).ifPresent(heldOut -> values.put(DYNAMICS_SIZE.name(),
                    Long.toString(Math.min(AnalysisConfig.DEFAULT.dynamicsSize(), heldOut))));
        }
        if (!given.contains(SNAPSHOT_EVERY.name())) {
            parsed(values, STEPS.name()).ifPresent(steps -> values.put(SNAPSHOT_EVERY.name(), Long.toString(
                    Math.max(TrainConfig.SEED.snapshotEvery(), (steps + TrainConfig.MAX_SNAPSHOTS - 1)
                            / TrainConfig.MAX_SNAPSHOTS))));
        }
    }

    private static java.util.Optional<Long> parsed(Map<String, String> values, String name) {
        try {
            return java.util.Optional.of(Long.parseLong(values.get(name).strip()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty(); // the key's own error is reported when it is built
        }
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
        Map<String, String> values = new LinkedHashMap<>();
        for (Line line : readLines(file)) {
            values.put(line.key(), line.value());
        }
        return values;
    }

    /** One {@code key=value} line of a config file. */
    private record Line(int number, String key, String value) {
    }

    private static List<Line> readLines(Path file) {
        String text = readText(file);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the byte-order mark Notepad writes at the start of UTF-8
        }
        List<Line> lines = new java.util.ArrayList<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("config file " + file + " line " + (i + 1) + " is not key=value: "
                        + ConfigException.show(line));
            }
            String key = line.substring(0, eq).strip();
            Integer first = seen.putIfAbsent(key, i + 1);
            if (first != null) {
                throw new ConfigException("config file " + file + ": " + ConfigException.show(key) + " is given twice"
                        + " (lines " + first + " and " + (i + 1) + "); give each key once");
            }
            lines.add(new Line(i + 1, key, line.substring(eq + 1).strip()));
        }
        return lines;
    }

    /** The file's text; a folder, a binary or an oversized file is a bad command line, said as such. */
    private static String readText(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException("config file " + file + " is a directory; give a text file of key=value lines");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " is not a regular file (a device or a pipe); give a"
                    + " text file of key=value lines");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException("config file " + file + " is too large (" + size + " bytes); a config file"
                        + " is key=value lines, at most " + MAX_FILE_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new CharacterCodingException();
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ConfigException("config file " + file + " is not text (not UTF-8, or has NUL bytes); give a text"
                    + " file of key=value lines");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builds the config from a complete key map. */
    public static RunConfig build(Map<String, String> v) {
        ModelConfig model = new ModelConfig(i(v, D_MODEL), i(v, D_HEAD), i(v, N_HEADS), i(v, N_LAYERS), i(v, N_CTX),
                i(v, D_VOCAB));
        TrainConfig train = new TrainConfig(i(v, BATCH_SIZE), i(v, STEPS), d(v, LR), l(v, SEED), i(v, LOG_EVERY),
                i(v, EVAL_EVERY), i(v, EVAL_SIZE), i(v, CHECKPOINT_EVERY), i(v, SNAPSHOT_EVERY));
        AnalysisConfig analysis = new AnalysisConfig(i(v, HELD_OUT_SIZE), i(v, RANDOM_EXAMPLES),
                i(v, WORST_EXAMPLES), i(v, DYNAMICS_SIZE));
        ReportConfig report = new ReportConfig(v.get(TITLE.name()), v.get(BASE_URL.name()), v.get(SWEEP_DIR.name()),
                v.get(VERSION.name()));
        return new RunConfig(model, train, analysis, report);
    }

    /** The key with this name, or an error listing what is known. */
    public static Key key(String name) {
        for (Key key : ALL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        throw new ConfigException("unknown config key '" + ConfigException.show(name) + "'; known keys: "
                + String.join(", ", ALL.stream().map(Key::name).toList()));
    }

    /** Sets one value after checking the key exists and the value is one line of printable text. */
    private static void put(Map<String, String> values, String name, String value, String where) {
        String suffix = where == null ? "" : " (" + where + ")";
        try {
            key(name);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + suffix);
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new ConfigException(name + "=" + ConfigException.show(value) + " is not allowed: a value is one"
                    + " line of text without control characters (newline, tab, ...)" + suffix);
        }
        values.put(name, value);
    }

    private static String present(Map<String, String> v, String name) {
        String value = v.get(name);
        if (value == null) {
            throw new ConfigException("the config has no " + name + " (a run directory made by an older sortlens?"
                    + " train or analyse it again under this version)");
        }
        return value;
    }

    private static int i(Map<String, String> v, Key key) {
        String name = key.name();
        present(v, name);
        try {
            return Integer.parseInt(v.get(name).strip());
        } catch (NumberFormatException e) {
            throw ConfigException.outOfRange(name, v.get(name), allowed(v, name, String.valueOf(Integer.MIN_VALUE)));
        }
    }

    private static long l(Map<String, String> v, Key key) {
        String name = key.name();
        present(v, name);
        try {
            return Long.parseLong(v.get(name).strip());
        } catch (NumberFormatException e) {
            throw ConfigException.outOfRange(name, v.get(name), allowed(v, name, String.valueOf(Long.MIN_VALUE)));
        }
    }

    private static double d(Map<String, String> v, Key key) {
        String name = key.name();
        present(v, name);
        try {
            double x = Double.parseDouble(v.get(name).strip());
            if (v.get(name).strip().matches(".*[dfDF]$")) { // Java's 1d and 1f suffixes are not numbers here
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw ConfigException.outOfRange(name, v.get(name), allowed(v, name, "-1"));
        }
    }

    /**
     * What a numeric key allows, in the words of the record that checks it: asked by building the defaults with a
     * value every such key refuses. One statement of each range, in the records.
     */
    private static String allowed(Map<String, String> given, String name, String refused) {
        for (Map<String, String> base : List.of(given, toMap(RunConfig.DEFAULTS))) {
            Map<String, String> probe = new LinkedHashMap<>(base);
            probe.put(name, refused);
            try {
                build(probe);
            } catch (ConfigException e) {
                if (name.equals(e.key()) && e.allowed() != null) {
                    return e.allowed();
                }
            }
        }
        return key(name).kind().allowed;
    }

    private static String format(Object value) {
        return String.valueOf(value);
    }

    /** The model and train keys as {@code key=value} lines: what identifies a trained model (its hash, checkpoint). */
    public static String trainingText(RunConfig config) {
        return toMap(config).entrySet().stream()
                .filter(e -> e.getKey().startsWith("model.") || e.getKey().startsWith("train."))
                .map(e -> e.getKey() + "=" + e.getValue() + "\n")
                .collect(java.util.stream.Collectors.joining());
    }
}
