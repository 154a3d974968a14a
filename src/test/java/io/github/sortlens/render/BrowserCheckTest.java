package io.github.sortlens.render;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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
 * Headless Chromium ({@code src/test/js/check-site.mjs}, playwright-core) loads every page type from file:// with no
 * console error, page error or failed request, finds a canvas or svg in every chart, and writes one screenshot per
 * page type (plus dark-mode ones) under {@code target/screenshots}; then checks copy-link, hash selections (a chart
 * variant and an example's output position) restored on load, and the remembered theme toggle. Skipped without {@code /usr/bin/chromium} unless
 * {@code SORTLENS_REQUIRE_BROWSER=1}.
 */
class BrowserCheckTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void everyPageTypeLoadsCleanAndDrawsItsCharts() throws IOException, InterruptedException {
        boolean required = "1".equals(System.getenv("SORTLENS_REQUIRE_BROWSER"));
        if (!required) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + ": browser checks skipped");
        }
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is required (SORTLENS_REQUIRE_BROWSER=1)");
        Path site = SiteFixture.site();
        List<String> cmd = new ArrayList<>(List.of("node", "check-site.mjs", site.toString(),
                Path.of("target", "screenshots").toAbsolutePath().toString()));
        cmd.addAll(PageTypes.ALL);
        Process proc = new ProcessBuilder(cmd).directory(Path.of("src/test/js").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(180, TimeUnit.SECONDS), "browser check timed out");
        assertEquals(0, proc.exitValue(), "browser check failed:\n" + out);
        assertTrue(out.contains("\"ok\":true"), out);
        for (String check : List.of("copy-link", "hash-variant", "hash-position", "findings", "theme-toggle")) {
            assertTrue(out.contains("{\"name\":\"" + check + "\",\"ok\":true"), "interaction " + check + ":\n" + out);
        }
        for (String page : PageTypes.ALL) {
            String shot = page.replace(".html", "").replaceAll("[^A-Za-z0-9-]", "_") + ".png";
            assertTrue(Files.size(Path.of("target", "screenshots", shot)) > 10_000, "screenshot " + shot);
        }
    }
}
