package io.github.sortlens.report;

import io.github.sortlens.config.SweepSpec;
import io.github.sortlens.render.SiteRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.github.sortlens.testing.SweepFixture.ordered;
import static io.github.sortlens.testing.SweepFixture.runs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sweep comparison of the default sweep's shape (8 seeds x 1 and 2 heads, full-size circuits) from made-up runs
 * ({@link io.github.sortlens.testing.SweepFixture#runs}):
 * what it concludes follows the runs' verdicts and numbers, and every page stays within its size budget.
 */
class SweepPagesTest {

    /** The budget for one comparison page. */
    static final long PAGE_BUDGET = 400_000;

    private static final SweepSpec SPEC = SweepSpec.resolve(null, ordered("sweep.model.n_heads", "1,2",
            "sweep.train.seed", "1..8"));

    @Test
    void theComparisonSaysWhatTheRunsShowAndEveryPageFitsTheBudget(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("sweep");
        new SiteRenderer().renderSweep(SPEC, runs(SPEC), out, List.of(tmp.resolve("runs")));
        String index = Files.readString(out.resolve("index.html"));
        // Group model.n_heads=1 holds runs 0..7: run 3 failed once-failed.
        assertTrue(index.contains("Supported in every run: always. The verdict differs between runs for:"
                + " once-failed."), index);
        assertTrue(index.contains("supported in 7, not supported in 1 of 8 runs"), index);
        // "never" failed in every run of both groups: said, not left out of the sentence.
        assertTrue(index.contains("once-failed. Not supported in any run: never."), index);
        // Group model.n_heads=2 (runs 8..15) supported both.
        assertTrue(index.contains("Supported in every run: always, once-failed. Every claim got the same verdict"
                + " in every run."));
        // The phase change of run 5 is missing, and said so.
        assertTrue(index.contains("1 of 16 runs have no value"));
        // Medians: group 1 runs 0..7 have 0.9 + 0.005 i, median 0.9175 (91.75 %).
        assertTrue(index.contains("median 91.75\u202f%, from 90.00\u202f% to 93.50\u202f%"), index);

        String heads = Files.readString(out.resolve("heads.html"));
        assertTrue(heads.contains("In 7 of 8 runs with several heads one head has the largest of all four statistics"), heads);

        long total = 0;
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                long size = Files.size(p);
                total += size;
                if (p.toString().endsWith(".html")) {
                    assertTrue(size < PAGE_BUDGET, p.getFileName() + " is " + size + " bytes, over the "
                            + PAGE_BUDGET + " budget");
                }
            }
        }
        assertEquals(16, Files.list(out.resolve("runs")).count());
        assertTrue(total < 4_000_000, "the comparison is " + total + " bytes");
        assertFalse(index.contains("about.html"), "the comparison has no About page to link to");
    }

    /**
     * One page of each sweep page type, byte for byte, from a small sweep (2 seeds x 1 and 2 heads, 6 values) beside a
     * report, so that a refactoring that should not change the comparison proves it does not. The pages hold no trained
     * numbers, so they are checked on every machine. After an intended change, regenerate with
     * {@code -Dsortlens.updateGolden=true}.
     */
    @Test
    void everySweepPageTypeMatchesItsGolden(@TempDir Path tmp) throws IOException {
        SweepSpec small = SweepSpec.resolve(null, ordered("sweep.model.n_heads", "1,2", "sweep.train.seed", "1..2",
                "model.d_vocab", "8", "report.sweep_dir", "sweep", "report.base_url", "https://example.org/lens/"));
        Path out = tmp.resolve("sweep");
        new SiteRenderer().renderSweep(small, runs(small), out, List.of(tmp.resolve("runs")));
        Path golden = Path.of("src/test/resources/golden/sweep");
        for (String page : List.of("index.html", "circuits-qk.html", "heads.html", "runs/run3.html")) {
            String actual = Files.readString(out.resolve(page));
            Path file = golden.resolve(page.replace('/', '-'));
            if (Boolean.getBoolean("sortlens.updateGolden")) {
                Files.createDirectories(golden);
                Files.writeString(file, actual);
            }
            assertEquals(Files.readString(file), actual, page + " differs from " + file);
        }
    }

    @Test
    void aSweepBesideAReportLinksBackAndItsCanonicalLinksAreInItsFolder(@TempDir Path tmp) throws IOException {
        SweepSpec beside = SweepSpec.resolve(null, ordered("sweep.model.n_heads", "1,2", "sweep.train.seed", "1..8",
                "report.sweep_dir", "sweep", "report.base_url", "https://example.org/lens/"));
        new SiteRenderer().renderSweep(beside, runs(beside), tmp.resolve("sweep"), List.of(tmp.resolve("runs")));
        String index = Files.readString(tmp.resolve("sweep/index.html"));
        assertTrue(index.contains("href=\"../index.html\">Single-run report</a>"), index);
        assertTrue(index.contains("https://example.org/lens/sweep/index.html"), index);
        String run = Files.readString(tmp.resolve("sweep/runs/run3.html"));
        assertTrue(run.contains("href=\"../../index.html\">Single-run report</a>"));
    }

    @Test
    void aHeadLeadsAStatisticOnlyWhenItIsLargerThanEveryOtherHeadsValue() {
        SweepRun r = runs(SPEC).get(8);   // two heads: head 1 leads all four
        assertArrayEquals(new int[] {1, 1, 1, 1}, SweepPages.carriers(r));
        SweepRun.Head h = r.heads().get(1);
        SweepRun tied = new SweepRun(r.id(), r.axes(), r.model(), r.figures(), r.claims(),
                List.of(h, new SweepRun.Head("L0H1", h.topKey(), h.onAnswer(), h.copying(), h.ablationDrop(),
                        h.marginShare(), h.qkTokenBlock(), h.ovCentred())), 0, r.ingredients());
        assertArrayEquals(new int[] {-1, -1, -1, -1}, SweepPages.carriers(tied), "equal heads: no head leads");
    }

    /** Which ingredients every run needs is computed from the runs' leave-one-out rows, not written. */
    @Test
    void ingredientsNeededInEveryRunOrSomeAreSaidFromTheRuns() {
        List<SweepRun> runs = runs(SPEC);
        String s = SweepPages.ingredients(runs);
        assertTrue(s.contains("every run: list keys."), s);
        long even = java.util.stream.IntStream.range(0, runs.size()).filter(i -> i % 2 == 0).count();
        assertTrue(s.contains("In some runs only: the direct path (" + even + " of " + runs.size() + ")"), s);
        String one = SweepPages.ingredients(runs.subList(1, 2));
        assertTrue(one.contains("its run: list keys.") && one.contains("In no run: the direct path."), one);
    }
}
