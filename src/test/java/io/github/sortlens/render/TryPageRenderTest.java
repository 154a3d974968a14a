package io.github.sortlens.render;

import io.github.sortlens.report.ModelExport;
import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Try page exists exactly when the run has its weights, and every example page links to its own list there. */
class TryPageRenderTest {

    @Test
    void everyExampleLinksToItsListAndTheWeightsAreWrittenOnce() throws IOException {
        Path site = SiteFixture.site();
        assertTrue(Files.isRegularFile(site.resolve("try.html")));
        assertTrue(Files.isRegularFile(site.resolve(ModelExport.PATH)));
        String tryPage = Files.readString(site.resolve("try.html"));
        assertTrue(tryPage.contains("<script src=\"" + ModelExport.PATH + "\"></script>"), "weights script");
        assertTrue(tryPage.contains("id=\"predicted\""));
        String equal = Files.readString(site.resolve("examples/all-equal.html"));
        assertTrue(equal.matches("(?s).*href=\"\\.\\./try\\.html#list=(\\d+)(,\\1){19}\".*"), "all-equal link");
        try (Stream<Path> pages = Files.list(site.resolve("examples"))) {
            for (Path p : pages.filter(f -> f.toString().endsWith(".html") && !f.endsWith("index.html")).toList()) {
                String html = Files.readString(p);
                assertTrue(html.contains("class=\"try-link\" href=\"../try.html#list="), p.toString());
                assertFalse(html.contains("model-weights.js"), p + " loads the weights it does not use");
            }
        }
    }

    @Test
    void aRunWithoutWeightsHasNoTryPageAndNoLinksToIt(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Files.delete(run.resolve("weights.npz"));
        Path site = tmp.resolve("site");
        new SiteRenderer().render(run, site);
        assertFalse(Files.exists(site.resolve("try.html")));
        assertFalse(Files.exists(site.resolve(ModelExport.PATH)));
        assertFalse(Files.readString(site.resolve("index.html")).contains("try.html"));
        assertFalse(Files.readString(site.resolve("examples/all-equal.html")).contains("try.html"));
    }
}
