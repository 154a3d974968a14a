package io.github.sortlens.render;

import io.github.sortlens.report.PageModel;
import io.github.sortlens.report.Pages;
import io.github.sortlens.report.RunData;
import io.github.sortlens.report.SiteModel;
import io.github.sortlens.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a run directory into the static report site. The site is built in a temporary folder beside the target and
 * moved into place at the end, so a failure leaves the previous site (or none), never half of one. Output depends
 * only on the run directory: no timestamps, no random ids, so the same run renders byte-identical files.
 *
 * <p>Layout: {@code index.html} and the other pages at the root, {@code examples/*.html}, each chart's data file
 * beside its page, shared files in {@code assets/} (ECharts once), preview cards in {@code cards/}.
 */
public final class SiteRenderer {

    private final Templates templates;
    private final CardRenderer cards;

    public SiteRenderer() {
        this(CardRenderer.NONE);
    }

    /** @param cards the preview-card hook (see {@link CardRenderer}) */
    public SiteRenderer(CardRenderer cards) {
        this.templates = new Templates();
        this.cards = cards;
    }

    /** Renders the run in {@code runDir} into {@code outDir}, replacing what was there. */
    public void render(Path runDir, Path outDir) {
        RunData run = RunData.load(runDir);
        SiteModel site = SiteModel.of(run);
        List<PageModel> pages = Pages.all(run, site);
        if (site.baseUrl().isEmpty()) {
            System.err.println("sortlens: warning: report.base_url is empty, so pages have no og:url, canonical link "
                    + "or og:image, and shared links unfurl without a picture; set --report.base_url=https://... to "
                    + "the address the site is published at");
        }
        Path target = outDir.toAbsolutePath().normalize();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".building-");
            write(run, site, pages, tmp);
            AtomicFiles.replaceDirectory(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new SiteException("cannot write the site into " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                AtomicFiles.deleteTree(tmp);
            }
        }
    }

    private void write(RunData run, SiteModel site, List<PageModel> pages, Path root) throws IOException {
        Assets.copy(root);
        for (PageModel page : pages) {
            Path card = root.resolve("cards").resolve(page.id() + ".png");
            if (cards != CardRenderer.NONE) {
                Files.createDirectories(card.getParent());
                cards.write(run, site, page, card);
            }
            PageMeta meta = PageMeta.of(site, page, Files.isRegularFile(card));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("site", site);
            model.put("page", page);
            model.put("meta", meta);
            model.put("b", page.body());
            String html = templates.render(page.template(), model);
            writeFile(root.resolve(page.path()), html);
            for (Map.Entry<String, String> f : page.files().entrySet()) {
                writeFile(root.resolve(f.getKey()), f.getValue());
            }
        }
    }

    private static void writeFile(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
