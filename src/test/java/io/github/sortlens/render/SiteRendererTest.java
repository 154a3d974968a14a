package io.github.sortlens.render;

import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders the tiny real run into temp folders and checks the files: pages, escaping, links, sizes, determinism. */
class SiteRendererTest {

    /** The tiny run's config hash, as its manifest records it and every page names it. */
    private static final String TINY_HASH = io.github.sortlens.train.Trainer.configHash(TinyRun.config());

    private static final Pattern REF = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

    @Test
    void writesEveryPageTypeAndAtLeastFiftyExamplePages() throws IOException {
        Path site = SiteFixture.site();
        for (String page : List.of("index.html", "findings.html", "training.html", "circuits.html", "attribution.html",
                "ablation.html", "hooks.html", "examples/index.html", "examples/all-equal.html", "about.html")) {
            assertTrue(Files.isRegularFile(site.resolve(page)), page);
        }
        try (Stream<Path> s = Files.list(site.resolve("examples"))) {
            long examples = s.filter(p -> p.toString().endsWith(".html")).count() - 1;
            assertTrue(examples >= 50, "example pages: " + examples);
        }
        assertTrue(Files.isRegularFile(site.resolve("assets/echarts.min.js")));
    }

    /** Each claim is a marked section with its generated sentence; the overview leads with them and links there. */
    @Test
    void findingsPageMarksEveryClaimAndTheOverviewLinksToIt() throws IOException {
        Path site = SiteFixture.site();
        String findings = Files.readString(site.resolve("findings.html"));
        List<io.github.sortlens.report.Claim> claims =
                io.github.sortlens.report.Findings.of(io.github.sortlens.report.RunData.load(TinyRun.get()));
        assertTrue(claims.size() >= 8, "claims: " + claims.size());
        Matcher m = Pattern.compile("<section class=\"finding\" id=\"([a-z-]+)\" data-verdict=\"([a-z-]+)\">")
                .matcher(findings);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
            assertTrue(List.of("supported", "not-supported", "mixed").contains(m.group(2)), m.group(2));
        }
        assertEquals(claims.stream().map(io.github.sortlens.report.Claim::id).toList(), ids);
        for (io.github.sortlens.report.Claim c : claims) {
            assertTrue(findings.contains(escape(c.sentence())), "sentence of " + c.id() + " not on the page");
            assertTrue(findings.contains("data-verdict=\"" + c.verdict().slug() + "\">"), c.id());
        }
        String index = Files.readString(site.resolve("index.html"));
        assertTrue(index.indexOf("findings.html#" + claims.get(0).id()) < index.indexOf("id=\"headline\""),
                "the overview leads with the findings");
        assertTrue(Files.readString(site.resolve("about.html")).contains("href=\"findings.html\""), "nav entry");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    @Test
    void chartPagesLinkBackToTheFindingsTheySupport() throws IOException {
        Path site = SiteFixture.site();
        String training = Files.readString(site.resolve("training.html"));
        assertTrue(training.contains("href=\"findings.html#position-failures\""), "training links its claim");
        String ablation = Files.readString(site.resolve("ablation.html"));
        assertTrue(ablation.contains("href=\"findings.html#head-necessary\""), "ablation links its claim");
        assertFalse(Files.readString(site.resolve("hooks.html")).contains("class=\"supports\""));
    }

    @Test
    void escapesTheRunTitleEverywhere() throws IOException {
        for (Path page : pages(SiteFixture.site())) {
            String html = Files.readString(page);
            assertFalse(html.contains("<script>alert(1)"), page + " contains the raw title");
            assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page + " lacks the escaped title");
        }
    }

    @Test
    void everyInternalLinkResolvesAndNothingIsRemote() throws IOException {
        Path site = SiteFixture.site();
        for (Path page : pages(site)) {
            String html = Files.readString(page);
            Matcher m = REF.matcher(html);
            while (m.find()) {
                String ref = m.group(1).replace("&amp;", "&");
                if (ref.startsWith("https://example.org/sortlens/")) {
                    continue; // canonical and og:url: absolute by design
                }
                assertFalse(ref.matches("(?i)^[a-z]+:.*|^//.*"), page + " refers outside the site: " + ref);
                String path = ref.replaceAll("#.*$", "");
                if (path.isEmpty()) {
                    continue;
                }
                Path target = page.getParent().resolve(path).normalize();
                assertTrue(target.startsWith(site) && Files.isRegularFile(target), page + " -> " + ref);
            }
        }
    }

    @Test
    void pagesStayWithinTheBudget() throws IOException {
        for (Path page : pages(SiteFixture.site())) {
            long budget = page.getFileName().toString().equals("dynamics.html") ? 400 * 1024 : 150 * 1024;
            assertTrue(Files.size(page) <= budget, page + " is " + Files.size(page) + " bytes");
        }
    }

    @Test
    void sameRunGivesByteIdenticalSite(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        new SiteRenderer().render(TinyRun.get(), a);
        new SiteRenderer().render(TinyRun.get(), b);
        Map<String, byte[]> fa = files(a);
        Map<String, byte[]> fb = files(b);
        assertEquals(fa.keySet(), fb.keySet());
        fa.forEach((k, v) -> assertArrayEquals(v, fb.get(k), k));
    }

    @Test
    void canonicalAndOpenGraphUseTheBaseUrl() throws IOException {
        String html = Files.readString(SiteFixture.site().resolve("examples/all-equal.html"));
        String page = "https://example.org/sortlens/examples/all-equal.html";
        String card = "https://example.org/sortlens/cards/examples/all-equal.png";
        assertTrue(html.contains("<link rel=\"canonical\" href=\"" + page + "\">"));
        assertTrue(html.contains("<meta property=\"og:url\" content=\"" + page + "\">"));
        assertTrue(html.contains("<meta property=\"og:title\""));
        assertTrue(html.contains("<meta property=\"og:image\" content=\"" + card + "\">"), html);
        assertTrue(html.contains("<meta name=\"twitter:image\" content=\"" + card + "\">"));
        assertTrue(Files.isRegularFile(SiteFixture.site().resolve("cards/examples/all-equal.png")));
    }

    /**
     * A local build (mvn site, render, all without report.base_url) asks for no cards, since no page could point at
     * them, and so says nothing about the empty base URL: the warning is for a render that asks for cards.
     */
    @Test
    void aLocalRenderWithoutABaseUrlDrawsNoCardsAndSaysNothing(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path config = run.resolve("config.properties");
        Files.writeString(config, Files.readString(config)
                .replace("report.base_url=https://example.org/sortlens/", "report.base_url="));
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Path out = tmp.resolve("site");
        try {
            System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
            new SiteRenderer(PreviewCards.forSite("")).render(run, out);
        } finally {
            System.setErr(err);
        }
        assertEquals("", log.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(out.resolve("cards")), "no cards without an address to point at them");
        assertTrue(PreviewCards.forSite("https://example.org/") instanceof PreviewCards, "with one, cards are drawn");
    }

    /**
     * Every page says what it is (version, commit, config hash, the run's date from its manifest) and how to cite it
     * at its version's address; the overview and Findings carry Google Scholar's tags, the other pages do not.
     */
    @Test
    void everyPageSaysWhatItIsAndTheOverviewAndFindingsCarryScholarTags() throws IOException {
        // the tiny run's manifest records its real config hash (a run whose manifest contradicts its config is refused)
        Path site = SiteFixture.site();
        for (Path page : pages(site)) {
            String html = Files.readString(page);
            assertTrue(html.contains("<p class=\"edition\">Unreleased version · commit <code>000000000000</code>"
                    + " · config <code>" + TINY_HASH + "</code> · run of 2026-11-30 · text and figures <a href=\""),
                    page.toString());
            assertTrue(html.contains("about.html#cite\">CC BY 4.0</a></p>"), page.toString());
            assertTrue(html.contains("howpublished = {\\url{https://example.org/sortlens/}}"), page.toString());
            String rel = site.relativize(page).toString();
            boolean scholar = rel.equals("index.html") || rel.equals("findings.html");
            assertEquals(scholar, html.contains("<meta name=\"citation_title\""), rel);
            if (scholar) {
                assertTrue(html.contains("<meta name=\"citation_author\" content=\"The sortlens authors\">"), rel);
                assertTrue(html.contains("<meta name=\"citation_publication_date\" content=\"2026/11/30\">"), rel);
                assertTrue(html.contains("<meta name=\"citation_fulltext_html_url\" content=\"https://example.org/sortlens/"
                        + rel + "\">"), rel);
            }
        }
        String about = Files.readString(site.resolve("about.html"));
        assertTrue(about.contains("id=\"updates\"") && about.contains("<h3>Not yet released</h3>"), "Updates");
        assertTrue(about.contains("licensed under CC BY 4.0 (Creative Commons Attribution 4.0 International,"),
                "the reuse licence on About");
    }

    /**
     * The commit a page names is the one whose code rendered it (so checking it out and rendering the run gives the
     * same page), not the older one a cached run was trained at.
     */
    @Test
    void pagesNameTheCommitThatRenderedThem(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        new SiteRenderer(CardRenderer.NONE, "89abcdef0123456789abcdef0123456789abcdef").render(TinyRun.get(), out);
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("Unreleased version · commit <code>89abcdef0123</code> · config"), index);
        assertTrue(index.contains("commit 89abcdef0123, config " + TINY_HASH), "the citation names it too");
        String about = Files.readString(out.resolve("about.html"));
        assertTrue(about.contains("<td class=\"num\">0000000000000000000000000000000000000000</td><td>code that trained"),
                "About still names the commit that trained the run");
    }

    /** Without a base URL no preview link is written (relative ones are ignored), and the log says so once. */
    @Test
    void withoutABaseUrlPagesHaveNoPreviewLinksAndTheLogWarnsOnce(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path config = run.resolve("config.properties");
        Files.writeString(config, Files.readString(config)
                .replace("report.base_url=https://example.org/sortlens/", "report.base_url="));
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Path out = tmp.resolve("site");
        try {
            System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
            new SiteRenderer(new PreviewCards()).render(run, out);
        } finally {
            System.setErr(err);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.split("report.base_url is empty", -1).length - 1, text);
        for (Path page : pages(out)) {
            String html = Files.readString(page);
            for (String tag : List.of("property=\"og:image\"", "property=\"og:url\"", "name=\"twitter:image\"",
                    "rel=\"canonical\"")) {
                assertFalse(html.contains(tag), page + " has " + tag);
            }
        }
    }

    /**
     * Every example's log-probability chart has the same axis, from 0 down to a round number at or below the lowest
     * scored log-probability of any example (read back from the examples' own CSV files), and not far below it.
     */
    @Test
    void everyExampleSharesOneLogProbAxis() throws IOException {
        Path examples = SiteFixture.site().resolve("examples");
        Pattern axis = Pattern.compile("\"name\":\"log-prob\",\"nameLocation\":\"end\","
                + "\"nameTextStyle\":\\{\"align\":\"left\"\\},\"min\":([-0-9.eE]+),\"max\":0,");
        java.util.Set<Double> floors = new java.util.TreeSet<>();
        double lowest = 0;
        try (Stream<Path> list = Files.list(examples)) {
            for (Path p : list.filter(f -> f.toString().endsWith("-log-prob.csv")).toList()) {
                for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                    lowest = Math.min(lowest, Double.parseDouble(line.substring(line.indexOf(',') + 1)));
                }
                String html = Files.readString(examples.resolve(p.getFileName().toString()
                        .replace("-log-prob.csv", ".html")));
                Matcher m = axis.matcher(html);
                assertTrue(m.find(), "no fixed log-prob axis in " + p);
                floors.add(Double.parseDouble(m.group(1)));
            }
        }
        assertEquals(1, floors.size(), "axes differ: " + floors);
        double floor = floors.iterator().next();
        assertTrue(floor <= lowest && floor >= 2.5 * lowest - 1e-3, "floor " + floor + " for lowest " + lowest);
    }

    /** Each page's card is about that page: two examples, a chart page and the overview all differ. */
    @Test
    void previewCardsDifferByPage() throws Exception {
        Path cards = SiteFixture.site().resolve("cards");
        List<String> names = List.of("examples/all-equal.png", "examples/reverse-sorted.png", "circuits.png",
                "ablation.png", "index.png");
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String n : names) {
            distinct.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(cards.resolve(n)))));
        }
        assertEquals(names.size(), distinct.size(), "cards repeat: " + names);
    }

    /** The real preview cards: every page links a card that exists, decodes and is 1200 x 630. */
    @Test
    void everyPageHasAPreviewCardOfTheRightSize(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        new SiteRenderer(new PreviewCards()).render(TinyRun.get(), out);
        Pattern og = Pattern.compile("<meta property=\"og:image\" content=\"https://example.org/sortlens/(cards/[^\"]+)\">");
        List<Path> pages = pages(out);
        assertTrue(pages.size() > 50);
        for (Path page : pages) {
            Matcher m = og.matcher(Files.readString(page));
            assertTrue(m.find(), "no og:image in " + page);
            java.awt.image.BufferedImage card = javax.imageio.ImageIO.read(out.resolve(m.group(1)).toFile());
            assertTrue(card != null, "card of " + page + " does not decode");
            assertEquals(1200, card.getWidth());
            assertEquals(630, card.getHeight());
        }
    }

    @Test
    void cardHookAddsOgImageOnlyForWrittenCards(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        new SiteRenderer((run, site, page, png) -> {
            if (page.id().equals("training")) {
                try {
                    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }).render(TinyRun.get(), out);
        assertTrue(Files.readString(out.resolve("training.html"))
                .contains("<meta property=\"og:image\" content=\"https://example.org/sortlens/cards/training.png\">"));
        assertFalse(Files.readString(out.resolve("about.html")).contains("og:image"));
    }

    @Test
    void failureLeavesThePreviousSiteAndNoTemporaryFolder(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        new SiteRenderer().render(TinyRun.get(), out); // an earlier site
        java.util.Map<String, String> previous = io.github.sortlens.testing.TreeSnapshot.of(out);
        SiteException e = assertThrows(SiteException.class, () -> new SiteRenderer((run, site, page, png) -> {
            throw new SiteException("card failed for " + page.id());
        }).render(TinyRun.get(), out));
        assertTrue(e.getMessage().contains("card failed"));
        assertEquals(previous, io.github.sortlens.testing.TreeSnapshot.of(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(out), s.toList());
        }
    }

    @Test
    void missingRunDirectoryIsAReportError(@TempDir Path tmp) {
        var e = assertThrows(io.github.sortlens.report.ReportException.class,
                () -> new SiteRenderer().render(tmp.resolve("nope"), tmp.resolve("out")));
        assertTrue(e.getMessage().contains("nope"));
    }

    static List<Path> pages(Path site) throws IOException {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
