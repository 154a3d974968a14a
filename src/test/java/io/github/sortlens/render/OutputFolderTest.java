package io.github.sortlens.render;

import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders into output folders of every kind, directly and through a symbolic link, and checks the one rule: nothing
 * outside sortlens' own output is ever deleted or changed. A refused folder gets a one-line reason naming it.
 */
class OutputFolderTest {

    /** How to make one kind of output path inside a scratch folder that also holds a run directory. */
    private record Kind(String name, boolean allowed, Function<Path, Path> make) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("missing", true, root -> root.resolve("new-site")),
            new Kind("empty folder", true, root -> dir(root.resolve("empty"))),
            new Kind("earlier site", true, root -> earlierSite(root.resolve("old-site"))),
            new Kind("folder with foreign files", false, root -> {
                Path d = dir(root.resolve("thesis"));
                write(d.resolve("thesis.tex"), "\\documentclass{article}");
                write(dir(d.resolve("src")).resolve("main.c"), "int main(void) { return 0; }");
                return d;
            }),
            new Kind("the run directory", false, root -> root.resolve("run")),
            new Kind("a parent of the run directory", false, root -> root),
            new Kind("a folder inside the run directory", false, root -> root.resolve("run").resolve("site")),
            new Kind("a regular file", false, root -> write(root.resolve("notes.txt"), "my notes")));

    @Test
    void rendersOnlyWhereNothingForeignCanBeLost(@TempDir Path tmp) throws IOException {
        int n = 0;
        for (Kind kind : KINDS) {
            for (boolean viaLink : List.of(false, true)) {
                Path root = dir(tmp.resolve("case-" + n++));
                TinyRun.copyTo(root.resolve("run"));
                write(root.resolve("unrelated.txt"), "keep me");
                Path out = kind.make().apply(root);
                if (viaLink) {
                    Path link = root.resolve("link");
                    Files.createSymbolicLink(link, out);
                    out = link;
                }
                String label = kind.name() + (viaLink ? " (through a link)" : "");
                Path real = Files.exists(out) ? out.toRealPath() : out.toAbsolutePath();
                Map<String, String> before = snapshot(root);
                boolean brokenLink = viaLink && !Files.exists(out); // a link to a missing folder is refused
                if (kind.allowed() && !brokenLink) {
                    new SiteRenderer().render(root.resolve("run"), out);
                    assertTrue(Files.isRegularFile(real.resolve("index.html")), label);
                    assertTrue(OutputFolder.isSite(real), label + ": no marker");
                    if (viaLink) {
                        assertTrue(Files.isSymbolicLink(out), label + ": the link itself was replaced");
                    }
                    Map<String, String> after = snapshot(root);
                    String site = root.relativize(real).toString();
                    before.keySet().removeIf(p -> p.equals(site) || p.startsWith(site + "/"));
                    after.keySet().removeIf(p -> p.equals(site) || p.startsWith(site + "/"));
                    assertEquals(before, after, label + ": something outside the site changed");
                } else {
                    Path target = out;
                    SiteException e = assertThrows(SiteException.Refused.class,
                            () -> new SiteRenderer().render(root.resolve("run"), target), label);
                    assertTrue(e.getMessage().startsWith("will not render into " + out + ": "), e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    assertEquals(before, snapshot(root), label + ": a refused render changed files");
                }
            }
        }
    }

    @Test
    void filesAddedToAnEarlierSiteAreNeverDeleted(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        new SiteRenderer().render(TinyRun.get(), out);
        write(out.resolve("CNAME"), "example.org");
        SiteException e = assertThrows(SiteException.Refused.class, () -> new SiteRenderer().render(TinyRun.get(), out));
        assertTrue(e.getMessage().contains("files added since (CNAME)"), e.getMessage());
        assertEquals("example.org", Files.readString(out.resolve("CNAME")));
    }

    /**
     * A mount point (what {@code docker run -v $PWD/site:/site ... --out /site} gives) cannot be renamed, so the site
     * cannot be swapped in by a rename: it is refused up front, saying why, rather than failing after the build.
     */
    @Test
    void aMountPointIsRefusedUpFrontSayingWhy(@TempDir Path tmp) throws IOException {
        Path mount = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> Path.of(l.split(" ")[4].replace("\\040", " ")))
                .filter(p -> p.getParent() != null && Files.isDirectory(p)).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(mount != null, "no mount point to try");
        SiteException e = assertThrows(SiteException.Refused.class, () -> new SiteRenderer().render(TinyRun.get(), mount));
        assertTrue(e.getMessage().startsWith("will not render into " + mount + ": it is a mount point"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        new SiteRenderer().render(TinyRun.get(), tmp.resolve("site")); // a folder on the same device as its parent
    }

    /** The marker records every file below the root, so a file added inside the site's folders is kept too. */
    @Test
    void filesAddedInsideAnEarlierSitesFoldersAreNeverDeleted(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        new SiteRenderer().render(TinyRun.get(), out);
        for (String added : List.of("assets/custom.css", "examples/my-notes.html")) {
            write(out.resolve(added), "mine");
            SiteException e = assertThrows(SiteException.Refused.class,
                    () -> new SiteRenderer().render(TinyRun.get(), out), added);
            assertTrue(e.getMessage().contains("files added since (" + added + ")"), e.getMessage());
            assertEquals("mine", Files.readString(out.resolve(added)));
            Files.delete(out.resolve(added));
        }
        new SiteRenderer().render(TinyRun.get(), out); // with the additions moved out, the site is its own again
    }

    /** A file sortlens wrote and the user changed since is the user's now: the render refuses rather than lose it. */
    @Test
    void aFileChangedSinceTheRenderIsNeverOverwritten(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        new SiteRenderer().render(TinyRun.get(), out);
        String edited = Files.readString(out.resolve("index.html")) + "<!-- my edit -->";
        write(out.resolve("index.html"), edited);
        SiteException e = assertThrows(SiteException.Refused.class, () -> new SiteRenderer().render(TinyRun.get(), out));
        assertTrue(e.getMessage().contains("changed since (index.html)"), e.getMessage());
        assertEquals(edited, Files.readString(out.resolve("index.html")));
    }

    /**
     * A sweep comparison rendered into the report's {@code sweep/} (a site of sortlens' own) survives re-rendering the
     * report, byte for byte, in either order; a link to such a site is still a foreign entry.
     */
    @Test
    void aSiteOfItsOwnInsideTheReportIsCarriedOver(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        Path nested = out.resolve("sweep");
        earlierSite(nested);                                  // the comparison first, then the report around it
        new SiteRenderer().render(TinyRun.get(), out);
        Map<String, String> sweep = TreeSnapshot.of(nested);
        new SiteRenderer().render(TinyRun.get(), out);        // and the report again
        assertEquals(sweep, TreeSnapshot.of(nested));
        assertTrue(Files.exists(out.resolve("index.html")));

        Path elsewhere = earlierSite(tmp.resolve("other-site"));
        Files.createSymbolicLink(out.resolve("linked"), elsewhere);
        SiteException e = assertThrows(SiteException.Refused.class, () -> new SiteRenderer().render(TinyRun.get(), out));
        assertTrue(e.getMessage().contains("files added since (linked)"), e.getMessage());
        assertTrue(Files.isSymbolicLink(out.resolve("linked")));
    }

    /** The folder is checked again when the finished site is moved in: a file that arrived meanwhile is kept. */
    @Test
    void aFileThatArrivesWhileTheSiteIsBuiltIsKept(@TempDir Path tmp) throws IOException {
        Path out = dir(tmp.resolve("site"));
        CardRenderer intruder = (run, site, page, png) -> write(out.resolve("notes.txt"), "written meanwhile");
        SiteException e = assertThrows(SiteException.Refused.class,
                () -> new SiteRenderer(intruder).render(TinyRun.get(), out));
        assertTrue(e.getMessage().contains("changed while the site was built"), e.getMessage());
        assertEquals("written meanwhile", Files.readString(out.resolve("notes.txt")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(out), s.toList(), "the build folder was left behind");
        }
    }

    @Test
    void aLinkIntoTheRunDirectoryIsSeenThrough(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path link = Files.createSymbolicLink(tmp.resolve("runlink"), run);
        Path out = link.resolve("sub").resolve("site");
        SiteException e = assertThrows(SiteException.Refused.class, () -> new SiteRenderer().render(run, out));
        assertTrue(e.getMessage().contains("inside the run directory"), e.getMessage());
        assertFalse(Files.exists(run.resolve("sub")));
    }

    @Test
    void aBrokenLinkIsRefusedAndKept(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path link = Files.createSymbolicLink(tmp.resolve("site"), tmp.resolve("nowhere"));
        SiteException e = assertThrows(SiteException.Refused.class, () -> new SiteRenderer().render(run, link));
        assertTrue(e.getMessage().contains("symbolic link to nothing"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void buildFoldersOfDeadRendersAreRemovedOthersKept(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        Path stale = dir(tmp.resolve(".site.building-2147483646-123"));
        write(stale.resolve(OutputFolder.MARKER), OutputFolder.MARKER_TEXT);
        write(stale.resolve("index.html"), "half a page");
        Path live = dir(tmp.resolve(".site.building-" + ProcessHandle.current().pid() + "-456"));
        write(live.resolve(OutputFolder.MARKER), OutputFolder.MARKER_TEXT);
        Path foreign = dir(tmp.resolve(".site.building-mine"));
        write(foreign.resolve("notes.txt"), "not sortlens'");

        new SiteRenderer().render(TinyRun.get(), out);

        assertFalse(Files.exists(stale), "a dead render's build folder was left");
        assertTrue(Files.exists(live), "a running render's build folder was removed");
        assertEquals("not sortlens'", Files.readString(foreign.resolve("notes.txt")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(".site.building-" + ProcessHandle.current().pid() + "-456", ".site.building-mine",
                    "site"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void renderingNeverWritesTheRunDirectory(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Map<String, String> before = snapshot(run);
        new SiteRenderer().render(run, tmp.resolve("site"));
        assertEquals(before, snapshot(run));
    }

    @Test
    void aFullDiskIsSaidAsSuch() {
        IOException full = new IOException("No space left on device");
        javax.imageio.IIOException png = new javax.imageio.IIOException("I/O error writing PNG file!", full);
        assertEquals("the disk is full (No space left on device)",
                SiteRenderer.rootCause(new java.io.UncheckedIOException("cannot write card", png)));
    }

    @Test
    void aFailingWriteNamesTheOutputFolderAndTheRealReason(@TempDir Path tmp) {
        Path out = tmp.resolve("site");
        CardRenderer diskFull = (run, site, page, png) -> {
            throw new java.io.UncheckedIOException("cannot write " + png, new javax.imageio.IIOException(
                    "I/O error writing PNG file!", new IOException("No space left on device")));
        };
        SiteException e = assertThrows(SiteException.class, () -> new SiteRenderer(diskFull).render(TinyRun.get(), out));
        assertEquals("cannot write the site into " + out + ": the disk is full (No space left on device)",
                e.getMessage());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "the build folder was left behind");
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Map<String, String> snapshot(Path root) {
        return TreeSnapshot.of(root);
    }

    private static Path dir(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path write(Path p, String text) {
        try {
            return Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path earlierSite(Path p) {
        new SiteRenderer().render(TinyRun.get(), p);
        return p;
    }
}
