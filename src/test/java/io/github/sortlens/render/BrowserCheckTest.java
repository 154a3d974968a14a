package io.github.sortlens.render;

import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless Chromium ({@code src/test/js/check-site.mjs}, playwright-core) loads every page of the site from file://
 * in light and dark, at 1366 px and at 390 px: no console error, page error or failed request, a canvas or svg in every
 * chart, no sideways scrolling of the page, and absolute {@code og:url}/{@code og:image}/{@code twitter:image} under the
 * run's base URL. One page of each type is screenshot in each view under {@code target/screenshots} and has every chart
 * exported as PNG (opaque) and SVG. Then copy-link, hash selections restored on load, the remembered theme toggle,
 * outlines that leave their cells' colour, and pages that survive mangled hashes. Skipped without
 * {@code /usr/bin/chromium} unless {@code SORTLENS_REQUIRE_BROWSER=1}.
 */
class BrowserCheckTest {

    @Test
    void everyPageLoadsCleanInEveryViewAndItsControlsWork() throws IOException, InterruptedException {
        CheckSite.requireBrowser();
        Path site = SiteFixture.site();
        List<String> pages = CheckSite.pages(site);
        assertTrue(pages.containsAll(PageTypes.ALL), "the site lacks a page type: " + pages);
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        CheckSite.run(site, shots, List.of("--base-url", TinyRun.config().report().baseUrl(), "--shots",
                String.join(",", PageTypes.ALL)), pages, List.of("copy-link", "hash-variant", "hash-position",
                "findings", "theme-toggle", "markers", "broken-hash", "step-slider"), 900);
        CheckSite.assertScreenshots(shots, PageTypes.ALL);
    }
}
