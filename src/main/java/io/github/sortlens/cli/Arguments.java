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
 */
record Arguments(String command, Path runDir, Path out, Path configFile, boolean resume, Map<String, String> overrides,
                 List<String> seeds) {

    static final List<String> COMMANDS = List.of("train", "analyse", "render", "all", "bench");

    static Arguments parse(String[] args) {
        String command = null;
        Path runDir = null;
        Path out = null;
        Path configFile = null;
        boolean resume = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> seeds = List.of();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                return new Arguments("help", null, null, null, false, Map.of(), List.of());
            } else if (a.equals("--resume")) {
                resume = true;
            } else if (a.equals("--seeds") || a.startsWith("--seeds=")) {
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : "";
                if (value.isBlank()) {
                    throw new ConfigException("--seeds needs a comma-separated list of seeds, e.g. --seeds 1,2,3");
                }
                seeds = List.of(value.split(",", -1));
            } else if (a.startsWith("--run-dir") || a.startsWith("--out") || a.startsWith("--config")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value;
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new ConfigException(name + " needs a path");
                }
                switch (name) {
                    case "--run-dir" -> runDir = Path.of(value);
                    case "--out" -> out = Path.of(value);
                    case "--config" -> configFile = Path.of(value);
                    default -> throw new ConfigException("unknown option " + name + "; see --help");
                }
            } else if (a.startsWith("--") && a.contains("=")) {
                overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
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
        if (!seeds.isEmpty() && !command.equals("train")) {
            throw new ConfigException("--seeds is an option of train only (it trains one model per seed together),"
                    + " not of " + command);
        }
        return new Arguments(command, runDir, out, configFile, resume, overrides, seeds);
    }
}
