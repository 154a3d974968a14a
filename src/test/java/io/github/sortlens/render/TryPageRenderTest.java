package io.github.sortlens.render;

import io.github.sortlens.report.ModelExport;
import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Try page exists exactly when the run has its weights, and every example page links to its own list there. */
class TryPageRenderTest {

    @Test
    void everyExampleLinksToItsListAndLoadsTheWeightsWrittenOnce() throws IOException {
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
                // the score chart is computed in the page from the shared weights, not carried by every page
                assertTrue(html.contains("<script src=\"../" + ModelExport.PATH + "\"></script>"), p + " weights");
                assertTrue(html.contains("<script src=\"../assets/why.js\"></script>"), p + " why.js");
                assertTrue(html.contains("id=\"why-attention-option\""), p + " score chart");
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

    /** Every example's why-output data: each output's parts sum to its margin, negative exactly where it is wrong. */
    @Test
    void everyExamplesMarginPartsSumToItsMargin() throws IOException {
        Path site = SiteFixture.site();
        int pages = 0;
        try (Stream<Path> files = Files.list(site.resolve("examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith("-why-output.csv")).toList()) {
                java.util.List<String> lines = Files.readAllLines(p);
                String[] header = lines.get(0).split(",");
                assertTrue(header.length > 6 && header[4].equals("margin") && header[6].equals("embed"), p.toString());
                assertTrue(lines.size() > 1, p.toString());
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split(",");
                    double margin = Double.parseDouble(cells[4]);
                    double sum = 0;
                    for (int c = 6; c < cells.length; c++) {
                        sum += Double.parseDouble(cells[c]);
                    }
                    org.junit.jupiter.api.Assertions.assertEquals(margin, sum, 1e-9 * (1 + Math.abs(margin)),
                            p + ": " + cells[0]);
                    assertEquals(cells[1].equals(cells[2]), margin >= 0, p + ": " + cells[0]);
                }
                String html = Files.readString(site.resolve("examples").resolve(
                        p.getFileName().toString().replace("-why-output.csv", ".html")));
                assertEquals(lines.size() - 1, html.split("<tr data-pos=\"out-").length - 1, p + " table rows");
                pages++;
            }
        }
        assertTrue(pages > 0, "no example explained");
    }
}
