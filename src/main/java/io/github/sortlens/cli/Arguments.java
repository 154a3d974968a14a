package io.github.sortlens.cli;

import io.github.sortlens.config.ConfigException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line: a command, options, and {@code --section.key=value} config overrides.
 *
 * @param command   one of {@link #COMMANDS}, or "help"
 * @param runDir    --run-dir, or null for the default (keyed by the config)
 * @param out       --out, or null for the default site folder
 * @param configFile --config, or null
 * @param resume    --resume
 * @param overrides config keys given on the command line
 * @param seeds     --seeds: train one model per seed together in one graph (train only); empty when not given
 * @param sweep     the sweep command's own options (defaults for other commands)
 */
record Arguments(String command, Path runDir, Path out, Path configFile, boolean resume, Map<String, String> overrides,
                 List<String> seeds, SweepOptions sweep) {

    static final List<String> COMMANDS = List.of("train", "analyse", "render", "all", "sweep", "bench");

    /**
     * Options of {@code sweep}.
     *
     * @param runsDir   where the runs go, each in {@code <runsDir>/<config hash>}; null for the default cache
     * @param shard     --shard i/n as text, or null for every run
     * @param groupSize runs trained together in one graph, at most
     * @param noTrain   --no-train: train nothing, fail naming any run that is not trained (a merge job)
     */
    record SweepOptions(Path runsDir, String shard, int groupSize, boolean noTrain) {
        static final SweepOptions DEFAULT = new SweepOptions(null, null,
                io.github.sortlens.train.SweepPlan.DEFAULT_GROUP_SIZE, false);

        boolean isDefault() {
            return equals(DEFAULT);
        }
    }

    static Arguments parse(String[] args) {
        String command = null;
        Path runDir = null;
        Path out = null;
        Path configFile = null;
        boolean resume = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> seeds = List.of();
        Path runsDir = null;
        String shard = null;
        int groupSize = SweepOptions.DEFAULT.groupSize();
        boolean noTrain = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                return new Arguments("help", null, null, null, false, Map.of(), List.of(), SweepOptions.DEFAULT);
            } else if (a.equals("--resume")) {
                resume = true;
            } else if (a.equals("--no-train")) {
                noTrain = true;
            } else if (a.equals("--shard") || a.startsWith("--shard=")) {
                shard = optionValue(args, i, "--shard", "i/n, e.g. --shard 1/4");
                i += a.contains("=") ? 0 : 1;
            } else if (a.equals("--group-size") || a.startsWith("--group-size=")) {
                groupSize = groupSize(optionValue(args, i, "--group-size", "a number of runs, e.g. --group-size 4"));
                i += a.contains("=") ? 0 : 1;
            } else if (a.equals("--seeds") || a.startsWith("--seeds=")) {
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : "";
                if (value.isBlank()) {
                    throw new ConfigException("--seeds needs a comma-separated list of seeds, e.g. --seeds 1,2,3");
                }
                seeds = List.of(value.split(",", -1));
            } else if (a.equals("--runs-dir") || a.startsWith("--runs-dir=")) {
                runsDir = Path.of(optionValue(args, i, "--runs-dir", "a path"));
                i += a.contains("=") ? 0 : 1;
            } else if (a.startsWith("--run-dir") || a.startsWith("--out") || a.startsWith("--config")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value = optionValue(args, i, name, "a path");
                i += a.contains("=") ? 0 : 1;
                switch (name) {
                    case "--run-dir" -> runDir = Path.of(value);
                    case "--out" -> out = Path.of(value);
                    case "--config" -> configFile = Path.of(value);
                    default -> throw new ConfigException("unknown option " + name + "; see --help");
                }
            } else if (a.startsWith("--") && a.contains("=")) {
                String key = a.substring(2, a.indexOf('='));
                String value = a.substring(a.indexOf('=') + 1);
                if (overrides.containsKey(key)) {
                    throw new ConfigException("--" + ConfigException.show(key) + " is given twice (" + ConfigException
                            .show(overrides.get(key)) + " and " + ConfigException.show(value) + "); give each key once");
                }
                overrides.put(key, value);
            } else if (a.startsWith("-")) {
                throw new ConfigException("unknown option " + a + "; config keys are given as --section.key=value,"
                        + " see --help");
            } else if (command == null) {
                if (!COMMANDS.contains(a)) {
                    throw new ConfigException("unknown command '" + a + "'; commands: " + String.join(", ", COMMANDS));
                }
                command = a;
            } else {
                throw new ConfigException("unexpected argument '" + a + "' after command " + command);
            }
        }
        if (command == null) {
            throw new ConfigException("no command given; commands: " + String.join(", ", COMMANDS) + " (see --help)");
        }
        Arguments parsed = new Arguments(command, runDir, out, configFile, resume, overrides, seeds,
                new SweepOptions(runsDir, shard, groupSize, noTrain));
        parsed.requireOptionsOfItsCommand();
        return parsed;
    }

    /** Refuses an option given to a command that does not take it. */
    private void requireOptionsOfItsCommand() {
        if (!seeds.isEmpty() && !command.equals("train")) {
            throw new ConfigException("--seeds is an option of train only (it trains one model per seed together),"
                    + " not of " + command);
        }
        if (command.equals("sweep")) {
            if (runDir != null) {
                throw new ConfigException("sweep takes --runs-dir DIR (each run in DIR/<config hash>), not --run-dir");
            }
            if (resume) {
                throw new ConfigException("sweep resumes unfinished runs by itself; --resume is not an option of"
                        + " sweep");
            }
        } else {
            if (!sweep.isDefault()) {
                throw new ConfigException("--runs-dir, --shard, --group-size and --no-train are options of sweep"
                        + " only, not of " + command);
            }
            overrides.keySet().stream().filter(k -> k.startsWith("sweep.")).findFirst().ifPresent(k -> {
                throw new ConfigException("--" + k + " is a sweep axis; axes are given to the sweep command only");
            });
        }
    }

    private static int groupSize(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("--group-size " + ConfigException.show(value) + " is not a whole number;"
                    + " allowed: 1 to " + io.github.sortlens.train.SweepPlan.MAX_GROUP_SIZE);
        }
    }

    /** The value of an option given as {@code --name value} or {@code --name=value}. */
    private static String optionValue(String[] args, int i, String name, String what) {
        String a = args[i];
        String value = a.startsWith(name + "=") ? a.substring(name.length() + 1)
                : a.equals(name) && i + 1 < args.length ? args[i + 1] : null;
        if (value == null || value.isBlank()) {
            throw new ConfigException(name + " needs " + what + (value == null ? "" : ", not an empty value"));
        }
        return value;
    }
}
