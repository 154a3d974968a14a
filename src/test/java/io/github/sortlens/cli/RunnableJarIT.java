package io.github.sortlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, run as a user would ({@code java -jar target/sortlens.jar ...}) on a small config: runs after
 * {@code package} (failsafe, {@code mvn verify}).
 */
class RunnableJarIT {

    private static final Path JAR = Path.of("target", "sortlens.jar");
    private static final String[] SMALL = {"--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=200",
        "--train.eval_every=100", "--train.eval_size=200", "--analysis.held_out_size=200", "--analysis.dynamics_size=100",
        "--analysis.random_examples=4", "--analysis.worst_examples=2"};

    @Test
    void trainAnalyseAndRenderRunOneAfterAnotherFromTheJar(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path site = tmp.resolve("site");
        Result train = jar(tmp, "train", "--run-dir", run.toString());
        assertEquals(0, train.exit, train.output);
        assertTrue(Files.exists(run.resolve("weights.npz")) && Files.exists(run.resolve("manifest.json")));
        Result analyse = jar(tmp, "analyse", "--run-dir", run.toString());
        assertEquals(0, analyse.exit, analyse.output);
        assertTrue(Files.exists(run.resolve("analysis").resolve("evaluation.json")));
        Result render = jar(tmp, "render", "--run-dir", run.toString(), "--out", site.toString());
        assertEquals(0, render.exit, render.output);
        assertTrue(Files.exists(site.resolve("index.html")) && Files.exists(site.resolve("assets/echarts.min.js")));

        Result again = jar(tmp, "all", "--run-dir", run.toString(), "--out", tmp.resolve("site2").toString());
        assertEquals(0, again.exit, again.output);
        assertTrue(again.output.contains("reusing the trained model"), again.output);
        assertEquals(Files.readString(site.resolve("index.html")), Files.readString(tmp.resolve("site2/index.html")));
    }

    @Test
    void helpAndABadValueBehaveFromTheJar(@TempDir Path tmp) throws Exception {
        Result help = jar(tmp, "--help");
        assertEquals(0, help.exit);
        assertTrue(help.output.contains("train.steps"), help.output);
        Result bad = jar(tmp, "train", "--run-dir", tmp.resolve("r").toString(), "--train.lr=2");
        assertEquals(2, bad.exit, bad.output);
        assertTrue(bad.output.strip().endsWith("train.lr=2 is not allowed: a number in (0, 1]"), bad.output);
        assertTrue(!Files.exists(tmp.resolve("r")));
    }

    private record Result(int exit, String output) {
    }

    private static Result jar(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        if (args.length > 0 && !args[0].startsWith("--")) {
            cmd.addAll(List.of(SMALL));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the jar did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
