package io.github.sortlens.render;

import io.github.sortlens.config.SweepSpec;
import io.github.sortlens.util.AtomicFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static io.github.sortlens.testing.SweepFixture.ordered;
import static io.github.sortlens.testing.SweepFixture.runs;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BrowserCheckTest}'s check ({@code src/test/js/check-site.mjs}) on a sweep comparison: a small sweep of made-up
 * runs (1 and 2 heads x 2 seeds), rendered with its preview cards beside a report at a base URL, every page in light
 * and dark at 1366 px and 390 px, one page of each sweep page type screenshot. Only the interactions a comparison
 * has are checked: a run chosen in the QK page's link is restored on load, copy-link, the theme toggle and mangled
 * hashes (the others need single-run pages). Skipped without {@code /usr/bin/chromium} unless
 * {@code SORTLENS_REQUIRE_BROWSER=1}.
 */
class SweepBrowserCheckTest {

    /** Where the sweep is published: the single-run report's base URL plus {@code report.sweep_dir}. */
    static final String BASE_URL = "https://example.org/lens/sweep/";

    /** One page of each sweep page type (overview, circuits, heads, one run). */
    static final List<String> PAGE_TYPES = List.of("index.html", "circuits-qk.html", "circuits-ov.html",
            "heads.html", "runs/run3.html");

    static final List<String> INTERACTIONS = List.of("hash-variant", "copy-link", "theme-toggle", "broken-hash");

    @Test
    void everyComparisonPageLoadsCleanInEveryViewAndItsControlsWork() throws IOException, InterruptedException {
        CheckSite.requireBrowser();
        Path root = Path.of("target", "test-sweep").toAbsolutePath();
        Path site = root.resolve("sweep");
        SweepSpec spec = SweepSpec.resolve(null, ordered("sweep.model.n_heads", "1,2", "sweep.train.seed", "1..2",
                "model.d_vocab", "8", "report.sweep_dir", "sweep", "report.base_url", "https://example.org/lens/"));
        io.github.sortlens.util.AtomicFiles.deleteTree(site); // this test's own output, perhaps from an older build
        new SiteRenderer(new PreviewCards()).renderSweep(spec, runs(spec), site, List.of(root.resolve("runs")));
        List<String> pages = CheckSite.pages(site);
        assertTrue(pages.containsAll(PAGE_TYPES), "the comparison lacks a page type: " + pages);
        Path shots = Path.of("target", "screenshots", "sweep").toAbsolutePath();
        AtomicFiles.deleteTree(shots);
        String out = CheckSite.run(site, shots, List.of("--base-url", BASE_URL, "--shots", String.join(",", PAGE_TYPES),
                "--interactions", String.join(",", INTERACTIONS), "--controls", "circuits-qk.html#left"), pages,
                INTERACTIONS, 300);
        assertTrue(out.contains("\"target\":{\"rel\":\"circuits-qk.html\",\"chart\":\"left\""),
                "hash-variant chooses a run on the QK page:\n" + out);
        CheckSite.assertScreenshots(shots, PAGE_TYPES);
    }
}
