package io.github.sortlens.render;

import org.junit.jupiter.api.Assumptions;

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
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code src/test/js/check-site.mjs} (headless Chromium) for the browser tests: the skip rule, the run itself with
 * the checks every caller makes of its report, and the screenshots it must leave.
 */
final class CheckSite {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private CheckSite() {
    }

    /** Skips the test without {@code /usr/bin/chromium}, unless {@code SORTLENS_REQUIRE_BROWSER=1} makes it fail. */
    static void requireBrowser() {
        if (!"1".equals(System.getenv("SORTLENS_REQUIRE_BROWSER"))) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + ": browser checks skipped");
        }
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is required (SORTLENS_REQUIRE_BROWSER=1)");
    }

    /** Every {@code .html} file of a site, relative to it, sorted. */
    static List<String> pages(Path site) throws IOException {
        try (Stream<Path> walk = Files.walk(site)) {
            return walk.filter(p -> p.toString().endsWith(".html")).map(p -> site.relativize(p).toString()
                    .replace('\\', '/')).sorted().toList();
        }
    }

    /**
     * Checks {@code pages} of {@code site} with the given options; asserts it exits 0, reports ok, loaded every page
     * in four views and passed each of {@code interactions}. Returns its JSON report.
     */
    static String run(Path site, Path shots, List<String> options, List<String> pages, List<String> interactions,
                      int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", "check-site.mjs", site.toString(), shots.toString()));
        cmd.addAll(options);
        cmd.addAll(pages);
        Path report = Files.createTempFile("check-site", ".json");
        try {
            // Its report goes to a file, so the wait below can time out (reading a pipe would block until node ends).
            Process proc = new ProcessBuilder(cmd).directory(Path.of("src/test/js").toFile())
                    .redirectOutput(report.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!proc.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
                fail("browser check timed out after " + timeoutSeconds + " s");
            }
            return checked(proc.exitValue(), Files.readString(report, StandardCharsets.UTF_8), pages, interactions);
        } finally {
            Files.deleteIfExists(report);
        }
    }

    private static String checked(int exit, String out, List<String> pages, List<String> interactions) {
        assertEquals(0, exit, "browser check failed:\n" + out);
        assertTrue(out.contains("\"ok\":true"), out);
        assertTrue(out.contains("\"loads\":" + 4 * pages.size() + ","), "every page in four views:\n" + out);
        for (String check : interactions) {
            assertTrue(out.contains("{\"name\":\"" + check + "\",\"ok\":true"), "interaction " + check + ":\n" + out);
        }
        return out;
    }

    /** Each page's screenshot in each of the four views is in {@code shots} and not blank. */
    static void assertScreenshots(Path shots, List<String> pages) throws IOException {
        for (String page : pages) {
            String name = page.replace(".html", "").replaceAll("[^A-Za-z0-9-]", "_");
            for (String view : List.of("", "-dark", "-phone", "-dark-phone")) {
                Path shot = shots.resolve(name + view + ".png");
                assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
            }
        }
    }
}
