package io.github.sortlens.render;

import io.github.sortlens.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder a site is rendered into, and the rule that keeps rendering from destroying anything sortlens did not
 * write: an existing folder is replaced only if it is empty or holds a site that sortlens wrote (the
 * {@value #MARKER} file at its root). A regular file, a folder with anything else in it, the run directory, a folder
 * that contains the run directory or one inside it are refused before anything is touched.
 *
 * <p>A symbolic link is followed: the folder it points to is checked and replaced, and the link itself is kept.
 * Building happens in a hidden sibling {@code .NAME.building-PID-*} that carries the marker from its first moment,
 * so a build folder left by a killed process is recognised (its process is gone) and removed by the next render.
 */
public final class OutputFolder {

    /** Written at the root of every site (and every build folder): what marks a folder as sortlens' own. */
    public static final String MARKER = ".sortlens-site";
    static final String MARKER_TEXT = "This folder is a site rendered by sortlens; sortlens may replace it.\n";

    private final Path target;

    private OutputFolder(Path target) {
        this.target = target;
    }

    /** The real folder the site goes to. */
    public Path target() {
        return target;
    }

    /**
     * Checks that {@code out} may receive a site rendered from {@code runDir}; throws a {@link SiteException} whose
     * message names the folder and the reason otherwise. Reads only.
     */
    public static OutputFolder check(Path out, Path runDir) {
        return check(out, List.of(runDir));
    }

    /** {@link #check(Path, Path)} for a site made from several run directories (a sweep comparison). */
    public static OutputFolder check(Path out, List<Path> runDirs) {
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("a site is rendered from at least one run directory");
        }
        if (Files.isSymbolicLink(out) && !Files.exists(out)) {
            throw refused(out, "it is a symbolic link to nothing (" + readLink(out) + ")");
        }
        Path target = realTarget(out);
        if (target.getParent() == null) {
            throw refused(out, "it is the file system root");
        }
        for (Path runDir : runDirs) {
            Path run = realTarget(runDir);
            if (target.equals(run)) {
                throw refused(out, "it is the run directory");
            }
            if (run.startsWith(target)) {
                throw refused(out, "it contains the run directory " + run);
            }
            if (target.startsWith(run)) {
                throw refused(out, "it is inside the run directory " + run + ", which rendering never writes to");
            }
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(out, "it is a file, not a folder");
        }
        String foreign = foreignEntries(target);
        if (foreign != null) {
            throw refused(out, foreign);
        }
        return new OutputFolder(target);
    }

    /**
     * Why the folder may not be replaced, or null when it may: it is missing or empty, or every entry at its root is
     * one that sortlens listed in its marker when it wrote the site, or a site of its own (a sweep comparison rendered
     * into the report's {@code report.sweep_dir}), which {@link #replaceWith} carries over into the new site.
     */
    private static String foreignEntries(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        List<String> names = list(dir);
        if (names.isEmpty()) {
            return null;
        }
        List<String> foreign = names.stream().filter(n -> !isNestedSite(dir.resolve(n))).toList();
        if (!isSite(dir)) {
            return foreign.isEmpty() ? null : "it holds files that sortlens did not write (" + sample(foreign)
                    + "); sortlens only replaces a missing or empty folder or a site it rendered (one with a "
                    + MARKER + " file)";
        }
        List<String> written = writtenNames(dir);
        List<String> added = foreign.stream().filter(n -> !n.equals(MARKER) && !written.contains(n)).toList();
        return added.isEmpty() ? null : "it is a sortlens site with files added since (" + sample(added) + "), which"
                + " replacing it would delete; move them out first";
    }

    /** A folder (not a link to one) holding a site that sortlens wrote. */
    private static boolean isNestedSite(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isSite(p);
    }

    /** True when the folder holds a site that sortlens wrote. */
    public static boolean isSite(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /** The root entries a site's marker lists as written by sortlens (the lines after the first). */
    private static List<String> writtenNames(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(MARKER), StandardCharsets.UTF_8);
            return lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Rewrites a finished build folder's marker to list every entry at its root: what a later render may replace. */
    static void seal(Path built) throws IOException {
        StringBuilder text = new StringBuilder(MARKER_TEXT);
        for (String name : list(built)) {
            if (!name.equals(MARKER)) {
                text.append(name).append('\n');
            }
        }
        Files.writeString(built.resolve(MARKER), text.toString(), StandardCharsets.UTF_8);
    }

    /** Makes a fresh hidden build folder beside the target, marked as sortlens' own. */
    Path newBuildFolder() throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), buildPrefix() + ProcessHandle.current().pid() + "-");
        Files.writeString(tmp.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
        return tmp;
    }

    /**
     * Moves a finished build folder into place, replacing the previous site. The target is checked again at this
     * moment, since files may have arrived while the site was being built.
     */
    void replaceWith(Path built) throws IOException {
        seal(built);
        String foreign = foreignEntries(target);
        if (foreign != null || (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
            throw refused(target, foreign != null ? foreign + " (changed while the site was built)"
                    : "it became a file while the site was built");
        }
        List<Path> carried = carryNestedSites(built);
        try {
            AtomicFiles.replaceDirectory(built, target);
        } catch (RuntimeException e) {
            for (Path nested : carried) {   // the old site is back in place: so are the sites it held
                Files.move(built.resolve(nested.getFileName()), nested);
            }
            throw e;
        }
    }

    /**
     * Moves each site of sortlens' own found at the target's root (e.g. a sweep comparison in {@code sweep/}) into the
     * new build, unless the new site has an entry of that name; returns their places in the target.
     */
    private List<Path> carryNestedSites(Path built) throws IOException {
        List<Path> carried = new ArrayList<>();
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return carried;
        }
        for (String name : list(target)) {
            Path nested = target.resolve(name);
            if (isNestedSite(nested) && !Files.exists(built.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(nested, built.resolve(name));
                carried.add(nested);
            }
        }
        return carried;
    }

    /**
     * Removes build folders beside the target that earlier renders left when they were killed: hidden, named
     * after this target, marked, and made by a process that no longer runs.
     */
    List<Path> removeStaleBuildFolders() {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(target.getParent())) {
            return removed;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent())) {
            for (Path p : siblings) {
                if (p.getFileName().toString().startsWith(buildPrefix())
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isSite(p) && !builderAlive(p)) {
                    AtomicFiles.deleteTree(p);
                    removed.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target.getParent() + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private String buildPrefix() {
        return "." + target.getFileName() + ".building-";
    }

    private boolean builderAlive(Path buildFolder) {
        String rest = buildFolder.getFileName().toString().substring(buildPrefix().length());
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(rest.substring(0, dash));
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            return p.isPresent() && p.get().isAlive();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The absolute, link-free path: the nearest existing ancestor resolved to its real location, with the missing
     * rest appended (so a link anywhere on the way, such as one into the run directory, is seen through).
     */
    private static Path realTarget(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            throw new SiteException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new SiteException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String sample(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
        return names.size() > 3 ? shown + " and " + (names.size() - 3) + " more" : shown;
    }

    static SiteException.Refused refused(Path out, String why) {
        return new SiteException.Refused("will not render into " + out + ": " + why);
    }
}
