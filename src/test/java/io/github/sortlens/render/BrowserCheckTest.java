package io.github.sortlens.render;

import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void everyPageLoadsCleanInEveryViewAndItsControlsWork() throws IOException, InterruptedException {
        boolean required = "1".equals(System.getenv("SORTLENS_REQUIRE_BROWSER"));
        if (!required) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + ": browser checks skipped");
        }
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is required (SORTLENS_REQUIRE_BROWSER=1)");
        Path site = SiteFixture.site();
        List<String> pages;
        try (Stream<Path> walk = Files.walk(site)) {
            pages = walk.filter(p -> p.toString().endsWith(".html")).map(p -> site.relativize(p).toString()
                    .replace('\\', '/')).sorted().toList();
        }
        assertTrue(pages.containsAll(PageTypes.ALL), "the site lacks a page type: " + pages);
        List<String> cmd = new ArrayList<>(List.of("node", "check-site.mjs", site.toString(),
                Path.of("target", "screenshots").toAbsolutePath().toString(),
                "--base-url", TinyRun.config().report().baseUrl(), "--shots", String.join(",", PageTypes.ALL)));
        cmd.addAll(pages);
        Process proc = new ProcessBuilder(cmd).directory(Path.of("src/test/js").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(900, TimeUnit.SECONDS), "browser check timed out");
        assertEquals(0, proc.exitValue(), "browser check failed:\n" + out);
        assertTrue(out.contains("\"ok\":true"), out);
        assertTrue(out.contains("\"loads\":" + 4 * pages.size() + ","), "every page in four views:\n" + out);
        for (String check : List.of("copy-link", "hash-variant", "hash-position", "findings", "theme-toggle", "markers",
                "broken-hash", "step-slider")) {
            assertTrue(out.contains("{\"name\":\"" + check + "\",\"ok\":true"), "interaction " + check + ":\n" + out);
        }
        for (String page : PageTypes.ALL) {
            String name = page.replace(".html", "").replaceAll("[^A-Za-z0-9-]", "_");
            for (String view : List.of("", "-dark", "-phone", "-dark-phone")) {
                Path shot = Path.of("target", "screenshots", name + view + ".png");
                assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
            }
        }
    }
}
