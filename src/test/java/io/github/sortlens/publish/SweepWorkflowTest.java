package io.github.sortlens.publish;

import io.github.sortlens.cli.Main;
import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sweep workflow's jobs, run in order on a small spec (2 seeds x 2 head counts, 200 steps) with the same script
 * the jobs run ({@code .github/scripts/sweep.sh}): the plan job's matrix, one shard job per matrix entry in its own
 * process and its own runs folder (as on separate machines), the merge job on the union of their folders (what
 * download-artifact with merge-multiple makes). The merged comparison must equal the sweep run whole in one process,
 * byte for byte.
 */
class SweepWorkflowTest {

    private static final Path SCRIPT = ActionLint.projectDir().resolve(".github/scripts/sweep.sh");
    private static final String SPEC = """
            # 2 seeds x 2 head counts, tiny
            sweep.model.n_heads=1,2
            sweep.train.seed=1..2
            model.n_ctx=12
            model.d_vocab=12
            train.steps=200
            train.eval_every=100
            train.eval_size=100
            train.checkpoint_every=200
            train.snapshot_every=50
            analysis.held_out_size=200
            analysis.dynamics_size=100
            analysis.random_examples=4
            analysis.worst_examples=2
            """;

    /** Runs one step of the workflow script; returns its exit code, with its output in {@code log}. */
    private static int script(Path tmp, Path spec, Path runs, Path out, String log, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(log).toFile());
        Map<String, String> env = pb.environment();
        env.put("SWEEP_SPEC", spec.toString());
        env.put("RUNS_DIR", runs.toString());
        env.put("SWEEP_OUT", out.toString());
        env.put("SORTLENS", Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx1g -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName());
        env.put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "sweep.sh " + String.join(" ", args) + " did not finish");
        return p.exitValue();
    }

    private static String read(Path tmp, String log) throws IOException {
        return Files.readString(tmp.resolve(log), StandardCharsets.UTF_8);
    }

    private static Set<String> runNames(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** What actions/download-artifact with merge-multiple does: every artifact's files into one folder. */
    private static void copyInto(Path from, Path to) {
        TinyRun.copyTree(from, to);
    }

    /** Every file below root with the SHA-256 of its bytes (no times: those differ between two renders). */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        sha256().digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shardedJobsThenMergeEqualTheWholeSweepByteForByte(@TempDir Path tmp) throws Exception {
        Path spec = Files.writeString(tmp.resolve("spec.properties"), SPEC);

        assertEquals(0, script(tmp, spec, tmp.resolve("unused"), tmp.resolve("unused"), "plan.log", "matrix", "2"));
        assertEquals("[1,2]", read(tmp, "plan.log").strip());

        List<Path> shards = new ArrayList<>();
        for (int shard = 1; shard <= 2; shard++) {
            Path runs = tmp.resolve("shard-" + shard);
            shards.add(runs);
            assertEquals(0, script(tmp, spec, runs, tmp.resolve("no-site"), "shard-" + shard + ".log", "shard",
                    Integer.toString(shard), "2"), read(tmp, "shard-" + shard + ".log"));
            assertTrue(read(tmp, "shard-" + shard + ".log").contains("shard " + shard + "/2 has 1 units, 2 runs"),
                    read(tmp, "shard-" + shard + ".log"));
        }
        assertFalse(Files.exists(tmp.resolve("no-site")), "a shard renders nothing");
        Set<String> first = runNames(shards.get(0));
        Set<String> second = runNames(shards.get(1));
        assertEquals(2, first.size());
        assertEquals(2, second.size());
        assertTrue(first.stream().noneMatch(second::contains), "each run is trained by one shard only");

        // The merge job with one shard's artifact missing fails before any work, names the runs, writes no site.
        Path partial = tmp.resolve("partial");
        copyInto(shards.get(0), partial);
        assertEquals(1, script(tmp, spec, partial, tmp.resolve("site-partial"), "partial.log", "merge"));
        String partialLog = read(tmp, "partial.log");
        assertTrue(partialLog.contains("2 of 4 sweep runs are not trained"), partialLog);
        assertTrue(second.stream().anyMatch(partialLog::contains), "names a missing run's directory:\n" + partialLog);
        assertFalse(partialLog.contains("reusing the analysis"), "checked before any work:\n" + partialLog);
        assertFalse(Files.exists(tmp.resolve("site-partial")));

        Path merged = tmp.resolve("merged");
        for (Path s : shards) {
            copyInto(s, merged);
        }
        Path shardedSite = tmp.resolve("site-sharded");
        assertEquals(0, script(tmp, spec, merged, shardedSite, "merge.log", "merge"), read(tmp, "merge.log"));
        String mergeLog = read(tmp, "merge.log");
        assertTrue(mergeLog.contains("reusing the analysis"), mergeLog);
        assertFalse(mergeLog.contains("sortlens: analysing") || mergeLog.contains("not reusing"),
                "the merge job re-analysed a run:\n" + mergeLog);

        Path wholeSite = tmp.resolve("site-whole");
        assertEquals(0, Main.run(new String[] {"sweep", "--config", spec.toString(), "--runs-dir",
                tmp.resolve("whole").toString(), "--out", wholeSite.toString()}));

        Map<String, String> sharded = contents(shardedSite);
        Map<String, String> whole = contents(wholeSite);
        assertTrue(sharded.containsKey("index.html") && sharded.containsKey("heads.html"), sharded.keySet()
                .toString());
        assertEquals(whole.keySet(), sharded.keySet());
        whole.forEach((file, hash) -> assertEquals(hash, sharded.get(file), file + " differs"));
    }
}
