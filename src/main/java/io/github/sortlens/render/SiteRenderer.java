package io.github.sortlens.render;

import io.github.sortlens.report.PageModel;
import io.github.sortlens.report.Pages;
import io.github.sortlens.report.RunData;
import io.github.sortlens.report.SiteModel;
import io.github.sortlens.report.SweepPages;
import io.github.sortlens.report.SweepRun;
import io.github.sortlens.config.SweepSpec;
import io.github.sortlens.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a run directory into the static report site. The site is built in a temporary folder beside the target and
 * moved into place at the end, so a failure leaves the previous site (or none), never half of one; what the target
 * may be is {@link OutputFolder}'s rule. Output depends
 * only on the run directory: no timestamps, no random ids, so the same run renders byte-identical files.
 *
 * <p>Layout: {@code index.html} and the other pages at the root, {@code examples/*.html}, each chart's data file
 * beside its page, shared files in {@code assets/} (ECharts once), preview cards in {@code cards/}.
 */
public final class SiteRenderer {

    /** Said once per renderer (one per command), not once per page or per JVM. */
    private final AtomicBoolean warnedNoBaseUrl = new AtomicBoolean();

    private final Templates templates;
    private final CardRenderer cards;
    private final String commit;

    public SiteRenderer() {
        this(CardRenderer.NONE);
    }

    /** @param cards the preview-card hook (see {@link CardRenderer}) */
    public SiteRenderer(CardRenderer cards) {
        this(cards, "");
    }

    /**
     * @param cards  the preview-card hook (see {@link CardRenderer})
     * @param commit the commit of the code that renders (40 hex digits), which every page names; anything else (empty,
     *               "unknown") for none, and the pages name the commit that trained the run instead
     */
    public SiteRenderer(CardRenderer cards, String commit) {
        this.templates = new Templates();
        this.cards = cards;
        this.commit = commit;
    }

    /**
     * Renders the run in {@code runDir} (under the config it records) into {@code outDir}, replacing what was there
     * only if {@link OutputFolder} allows it.
     */
    public void render(Path runDir, Path outDir) {
        render(RunData.load(runDir), outDir);
    }

    /**
     * Renders a loaded run into {@code outDir}. The output folder is checked before anything is written, build
     * folders that killed renders left beside it are removed, and an interrupt (Ctrl-C) removes this render's own
     * build folder. The run directory is only read.
     */
    public void render(RunData run, Path outDir) {
        OutputFolder folder = OutputFolder.check(outDir, run.dir().root());
        SiteModel site = SiteModel.of(run, commit);
        List<PageModel> pages = Pages.all(run, site);
        warnIfNoBaseUrl(site);
        build(folder, (root, interrupt) -> write(run, site, pages, root, interrupt));
    }

    /**
     * Renders a sweep comparison ({@link SweepPages}) into {@code outDir}, under the same rule for what may be
     * replaced; none of {@code runDirs} may be or contain the output folder. Every comparison page carries its own
     * {@code Preview}, so its card needs no single run.
     */
    public void renderSweep(SweepSpec spec, List<SweepRun> runs, Path outDir, List<Path> runDirs) {
        OutputFolder folder = OutputFolder.check(outDir, runDirs);
        SiteModel site = SweepPages.site(spec, commit);
        List<PageModel> pages = SweepPages.all(spec, runs, site);
        warnIfNoBaseUrl(site);
        build(folder, (root, interrupt) -> write(null, site, pages, root, interrupt));
    }

    /**
     * Said only where it matters: a render asked for preview cards (which only a page with an absolute address can
     * point at) but has no base URL. A local build asks for none (see {@link PreviewCards#forSite}), so stays quiet.
     */
    private void warnIfNoBaseUrl(SiteModel site) {
        if (cards != CardRenderer.NONE && site.baseUrl().isEmpty() && !warnedNoBaseUrl.getAndSet(true)) {
            System.err.println("sortlens: warning: report.base_url is empty, so pages have no og:url, canonical link "
                    + "or og:image, and shared links unfurl without a picture; set --report.base_url=https://... to "
                    + "the address the site is published at");
        }
    }

    /** What fills a build folder. */
    private interface Contents {
        void writeInto(Path root, Interrupt interrupt) throws IOException;
    }

    /** Builds in a fresh build folder beside the target and moves it into place; a failure leaves the old site. */
    private static void build(OutputFolder folder, Contents contents) {
        Path tmp = null;
        Interrupt interrupt = new Interrupt();
        Runtime.getRuntime().addShutdownHook(interrupt.hook);
        try {
            folder.removeStaleBuildFolders();
            tmp = folder.newBuildFolder();
            contents.writeInto(tmp, interrupt);
            folder.replaceWith(tmp);
            tmp = null;
        } catch (IOException | UncheckedIOException e) {
            throw new SiteException("cannot write the site into " + folder.target() + ": " + rootCause(e), e);
        } finally {
            try {
                if (tmp != null) {
                    AtomicFiles.deleteTree(tmp);
                }
            } finally {
                interrupt.cleanedUp.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(interrupt.hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and now returns: nothing is left to clean
                }
            }
        }
    }

    /**
     * Ctrl-C while rendering: the shutdown hook asks the render to stop, and waits (a few seconds at most) until the
     * render has removed its build folder, so an interrupted render leaves nothing behind.
     */
    private static final class Interrupt {
        volatile boolean requested;
        final CountDownLatch cleanedUp = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            requested = true;
            try {
                cleanedUp.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sortlens-render-interrupted");

        void check() {
            if (requested) {
                throw new SiteException("interrupted; the previous site (if any) is untouched");
            }
        }
    }

    /** The most specific reason in a chain of I/O errors ("I/O error writing PNG file!" hides a full disk). */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        if (root instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
            message = root.getClass().getSimpleName().replace("Exception", "") + ": " + message; // e.g. AccessDenied
        }
        if (message.contains("No space left on device")) {
            return "the disk is full (" + message + ")";
        }
        return message;
    }

    /** Writes the pages; {@code run} is the single run (for its preview cards), or null for a sweep comparison. */
    private void write(RunData run, SiteModel site, List<PageModel> pages, Path root, Interrupt interrupt)
            throws IOException {
        Assets.copy(root);
        for (PageModel page : pages) {
            interrupt.check();
            Path card = root.resolve("cards").resolve(page.id() + ".png");
            if (cards != CardRenderer.NONE && (run != null || page.preview() != null)) {
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
            writeFile(root, page.path(), html);
            for (Map.Entry<String, String> f : page.files().entrySet()) {
                writeFile(root, f.getKey(), f.getValue());
            }
        }
    }

    private static void writeFile(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new SiteException("refusing to write " + relative + ": the path leaves the output folder");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
