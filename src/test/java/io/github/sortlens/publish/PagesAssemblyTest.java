package io.github.sortlens.publish;

import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.SweepSpec;
import io.github.sortlens.render.SiteRenderer;
import io.github.sortlens.report.RunData;
import io.github.sortlens.testing.SweepFixture;
import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.util.AtomicFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pages workflow's assembly step ({@code .github/scripts/assemble-pages.sh}, as pages.yml runs it) on two made-up
 * released versions and a latest build, each the tiny run rendered for its own address, the releases with a sweep
 * comparison in {@code sweep/} and packed as release.yml packs them. Then: every page of every version stays inside
 * its own version (each relative link and script resolves to a file of that version), its canonical link and og:url
 * are its own version's address, an older version's every page carries one banner linking to the same page of the
 * latest (or the latest's overview where the latest has no such page), and in headless Chromium the pages load from
 * file:// without an error or a network request and the banner follows the page's hash.
 */
class PagesAssemblyTest {

    static final Path SCRIPT = ActionLint.projectDir().resolve(".github/scripts/assemble-pages.sh");
    static final String BASE = "https://example.org/lens/";
    static final List<String> RELEASES = List.of("1.0.0", "1.1.0");

    private static Path releases;
    private static Path latest;

    /** The latest (report only, no sweep) and the two releases (report and sweep), rendered once for the class. */
    @BeforeAll
    static void renderTheSites() throws IOException, InterruptedException {
        Path root = Path.of("target", "test-pages").toAbsolutePath();
        AtomicFiles.deleteTree(root);
        releases = Files.createDirectories(root.resolve("releases"));
        latest = render(root.resolve("latest"), BASE, "", false);
        for (String version : RELEASES) {
            Path site = render(root.resolve("site-" + version), BASE + "v/" + version + "/", version, true);
            run(List.of("tar", "-czf", releases.resolve("sortlens-site-" + version + ".tar.gz").toString(), "-C",
                    site.toString(), "."), root, Map.of());
        }
        // An older release past KEEP_VERSIONS=2: left out, so it is never checked for its address
        Files.copy(releases.resolve("sortlens-site-1.0.0.tar.gz"), releases.resolve("sortlens-site-0.9.0.tar.gz"));
    }

    private static Path render(Path site, String base, String version, boolean sweep) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String a : TinyRun.args()) {
            keys.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        keys.put("report.base_url", base);
        keys.put("report.version", version);
        keys.put("report.sweep_dir", sweep ? "sweep" : "");
        RunConfig config = ConfigKeys.resolve(null, keys);
        new SiteRenderer().render(RunData.load(TinyRun.get(), config), site);
        if (sweep) {
            SweepSpec spec = SweepSpec.resolve(null, SweepFixture.ordered("sweep.train.seed", "1..2",
                    "model.d_vocab", "8", "report.sweep_dir", "sweep", "report.base_url", base,
                    "report.version", version));
            new SiteRenderer().renderSweep(spec, SweepFixture.runs(spec), site.resolve("sweep"),
                    List.of(site.resolve("runs-none")));
        }
        return site;
    }

    record Ran(int exit, String output) {
    }

    private static Ran run(List<String> cmd, Path dir, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", cmd) + " did not finish");
        return new Ran(p.exitValue(), out);
    }

    private static Ran assemble(Path out, Map<String, String> env) throws IOException, InterruptedException {
        return run(List.of("bash", SCRIPT.toString(), latest.toString(), releases.toString(), out.toString()),
                out.getParent(), env);
    }

    private static List<String> pages(Path site) throws IOException {
        try (Stream<Path> walk = Files.walk(site)) {
            return walk.filter(p -> p.toString().endsWith(".html")).map(p -> site.relativize(p).toString())
                    .sorted().toList();
        }
    }

    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

    @Test
    void everyVersionIsCompleteAtItsOwnAddressAndOlderOnesLinkToTheLatest(@TempDir Path tmp) throws IOException,
            InterruptedException {
        Path out = tmp.resolve("pages");
        Ran r = assemble(out, Map.of("KEEP_VERSIONS", "2"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("leaving out version 0.9.0 (KEEP_VERSIONS=2 keeps the newest 2)"), r.output());
        assertFalse(Files.exists(out.resolve("v/0.9.0")), "a version past KEEP_VERSIONS is left out");
        assertTrue(Files.readString(out.resolve("v/index.html")).indexOf("1.1.0/index.html")
                < Files.readString(out.resolve("v/index.html")).indexOf("1.0.0/index.html"), "newest first");

        checkVersion(out, out, BASE, null);
        for (String version : RELEASES) {
            Path dir = out.resolve("v").resolve(version);
            List<String> own = pages(dir);
            assertTrue(own.contains("sweep/index.html") && own.contains("findings.html"), "complete: " + own);
            checkVersion(out, dir, BASE + "v/" + version + "/", version);
        }
    }

    /**
     * Each page of one version: canonical and og:url at the version's address, every relative link inside the
     * version, and for an older version one banner to the same page of the latest (its overview when it has none).
     */
    private static void checkVersion(Path out, Path dir, String address, String version) throws IOException {
        for (String rel : pages(dir)) {
            if (dir.equals(out) && rel.startsWith("v/")) {
                continue; // the released versions, checked on their own
            }
            String html = Files.readString(dir.resolve(rel));
            String own = address + rel;
            assertTrue(html.contains("<link rel=\"canonical\" href=\"" + own + "\">"), rel + " canonical is not " + own);
            assertTrue(html.contains("<meta property=\"og:url\" content=\"" + own + "\">"), rel + " og:url is not " + own);
            Path page = dir.resolve(rel);
            String bannerTarget = null;
            Matcher banner = Pattern.compile("<a class=\"version-latest\" href=\"([^\"]+)\" data-latest=\"\\1\">")
                    .matcher(html);
            if (version == null) {
                assertFalse(html.contains("version-banner"), rel + " of the latest has a banner");
            } else {
                assertTrue(banner.find(), rel + " of " + version + " has no banner");
                bannerTarget = banner.group(1);
                assertFalse(banner.find(), rel + " has two banners");
                assertTrue(html.contains("This is version " + version + " of the report"), rel);
                Path target = page.getParent().resolve(bannerTarget).normalize();
                Path expected = Files.exists(out.resolve(rel)) ? out.resolve(rel) : out.resolve("index.html");
                assertEquals(expected, target, rel + " of " + version + ": the banner's link");
            }
            Matcher m = LINK.matcher(html);
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("[a-z]+:.*") || link.startsWith("#") || link.equals(bannerTarget)) {
                    continue;
                }
                Path target = page.getParent().resolve(link.split("[#?]", 2)[0]).normalize();
                assertTrue(target.startsWith(dir), rel + " links out of its version: " + link);
                assertTrue(Files.exists(target), rel + " links to a missing file: " + link);
            }
        }
    }

    @Test
    void pagesLoadFromFileAndTheBannerKeepsTheHash(@TempDir Path tmp) throws IOException, InterruptedException {
        if (!"1".equals(System.getenv("SORTLENS_REQUIRE_BROWSER"))) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "no chromium: skipped");
        }
        Path out = tmp.resolve("pages");
        Ran assembled = assemble(out, Map.of("KEEP_VERSIONS", "2"));
        assertEquals(0, assembled.exit(), assembled.output());
        List<String> cmd = new ArrayList<>(List.of("node", "check-versions.mjs", out.toString(),
                "index.html", "circuits.html#qk", "v/index.html"));
        for (String v : RELEASES) {
            cmd.addAll(List.of("v/" + v + "/index.html", "v/" + v + "/circuits.html#qk",
                    "v/" + v + "/examples/all-equal.html#attention;pos=out-3", "v/" + v + "/sweep/index.html#x",
                    "v/" + v + "/about.html#updates"));
        }
        Ran r = run(cmd, ActionLint.projectDir().resolve("src/test/js"), Map.of());
        assertEquals(0, r.exit(), r.output());
        String latestUrl = out.toUri().toString();
        for (String v : RELEASES) {
            String from = "v/" + v + "/circuits.html#qk";
            assertTrue(r.output().contains("{\"page\":\"" + from + "\",\"count\":1,\"onLoad\":\"" + latestUrl
                    + "circuits.html#qk\",\"afterReplace\":\"" + latestUrl + "circuits.html#replaced-view\",\"landed\":\""
                    + latestUrl + "circuits.html#kept-view\""), r.output());
            assertTrue(r.output().contains("\"onLoad\":\"" + latestUrl + "examples/all-equal.html#attention;pos=out-3\""),
                    r.output());
            // the latest has no sweep: its overview instead
            assertTrue(r.output().contains("\"onLoad\":\"" + latestUrl + "index.html#x\""), r.output());
        }
    }

    @Test
    void aReleaseRenderedForAnotherAddressIsRefusedAndNothingIsWritten(@TempDir Path tmp) throws IOException,
            InterruptedException {
        Path wrong = Files.createDirectories(tmp.resolve("releases"));
        Files.copy(releases.resolve("sortlens-site-1.0.0.tar.gz"), wrong.resolve("sortlens-site-2.0.0.tar.gz"));
        Path out = tmp.resolve("pages");
        Ran r = run(List.of("bash", SCRIPT.toString(), latest.toString(), wrong.toString(), out.toString()), tmp,
                Map.of());
        assertEquals(2, r.exit(), r.output());
        assertEquals(1, r.output().strip().lines().count(), "one line: " + r.output());
        assertTrue(r.output().contains("was rendered for the address '" + BASE + "v/1.0.0/', not '" + BASE
                + "v/2.0.0/'"), r.output());
        assertFalse(Files.exists(out), "nothing is left half-assembled");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(wrong), left.toList(), "no build folder is left beside it");
        }
    }

    @Test
    void aLatestWithoutAnAddressIsRefused(@TempDir Path tmp) throws IOException, InterruptedException {
        Path local = render(tmp.resolve("local"), "", "", false);
        Path out = tmp.resolve("pages");
        Ran r = run(List.of("bash", SCRIPT.toString(), local.toString(), releases.toString(), out.toString()), tmp,
                Map.of());
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("was rendered without report.base_url"), r.output());
        assertFalse(Files.exists(out));
    }
}
