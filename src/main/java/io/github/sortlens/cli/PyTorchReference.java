package io.github.sortlens.cli;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch reference loop ({@code src/bench/python/sort_reference.py}, bundled in the jar): the same model, data
 * and optimiser in PyTorch, one thread, so that {@code bench} prints sortlens' speed beside it, measured in the same
 * run. Optional: when no {@code python3} with {@code torch} is found, the benchmark says so and goes on.
 */
final class PyTorchReference {

    /** Classpath location of the script (copied from src/bench/python by the build). */
    static final String SCRIPT = "bench/sort_reference.py";
    /** Interpreters tried in order; {@code SORTLENS_PYTHON} first when set. */
    static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

    /** One timing run of the reference loop; CPU time is the whole Python process's per timed step. */
    record Timing(String torchVersion, double msMedian, double msP90, double cpuMsPerStep, double peakRssMb) {
    }

    private final String python;
    private final Path script;

    private PyTorchReference(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** The reference, or null with the reason printed to {@code why} when there is no python3 with torch. */
    static PyTorchReference find(StringBuilder why) {
        List<String> tried = new ArrayList<>();
        String env = System.getenv("SORTLENS_PYTHON");
        List<String> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.addAll(CANDIDATES);
        for (String python : candidates) {
            tried.add(python);
            if (run(List.of(python, "-c", "import torch"), 60) != null) {
                return new PyTorchReference(python, extractScript());
            }
        }
        why.append("no python3 with torch (tried ").append(String.join(", ", tried))
                .append("; set SORTLENS_PYTHON, or apt-get install python3-torch)");
        return null;
    }

    String python() {
        return python;
    }

    /** Runs {@code warmup} untimed and {@code timed} timed steps of the config's model in a fresh process. */
    Timing time(RunConfig config, int warmup, int timed) {
        ModelConfig m = config.model();
        List<String> command = List.of(python, script.toString(),
                "--d-model", "" + m.dModel(), "--d-head", "" + m.dHead(), "--n-heads", "" + m.nHeads(),
                "--n-ctx", "" + m.nCtx(), "--d-vocab", "" + m.dVocab(), "--batch", "" + config.train().batchSize(),
                "--lr", String.format(Locale.ROOT, "%s", config.train().lr()), "--seed", "" + config.train().seed(),
                "--warmup", "" + warmup, "--timed", "" + timed);
        String out = run(command, 3600);
        if (out == null) {
            throw new IllegalStateException("the PyTorch reference loop failed: " + String.join(" ", command));
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Json.parse(last, Map.class);
        return new Timing(String.valueOf(json.get("torch")), number(json, "msMedian"), number(json, "msP90"),
                number(json, "cpuMsPerStep"), number(json, "peakRssMb"));
    }

    private static double number(Map<String, Object> json, String key) {
        Object v = json.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("the PyTorch reference loop printed no " + key + ": " + json);
        }
        return n.doubleValue();
    }

    /** Stdout of a command that exited 0 within the time limit, else null. One BLAS thread, as sortlens runs. */
    private static String run(List<String> command, int seconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null; // no such interpreter
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Path extractScript() {
        try (InputStream in = PyTorchReference.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the class path");
            }
            Path tmp = Files.createTempFile("sortlens-reference-", ".py");
            tmp.toFile().deleteOnExit();
            Files.write(tmp, in.readAllBytes());
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + SCRIPT + ": " + e.getMessage(), e);
        }
    }
}
