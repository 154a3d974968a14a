package io.github.sortlens.render;

import io.github.sortlens.util.AtomicFiles;
import io.github.sortlens.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder a site is rendered into, and the rule that keeps rendering from destroying anything sortlens did not
 * write: an existing folder is replaced only if it is empty or holds a site that sortlens wrote (the
 * {@value #MARKER} file at its root, which records every file of the site with its size and SHA-256) and nothing
 * else: a file added anywhere in the tree, or one changed since, makes the render refuse. A regular file, a folder
 * with anything else in it, the run directory, a folder that contains the run directory or one inside it are refused
 * before anything is touched.
 *
 * <p>A symbolic link is followed: the folder it points to is checked and replaced, and the link itself is kept.
 * Building happens in a hidden sibling {@code .NAME.building-PID-*} that carries the marker from its first moment,
 * so a build folder left by a killed process is recognised (its process is gone) and removed by the next render.
 */
public final class OutputFolder {

    /** Written at the root of every site (and every build folder): what marks a folder as sortlens' own. */
    public static final String MARKER = ".sortlens-site";
    static final String MARKER_TEXT = "This folder is a site rendered by sortlens; sortlens may replace it.\n";
    /** Above the records of the files sortlens wrote; a file not recorded, or changed since, is never replaced. */
    static final String RECORD_HEADER = "# every file sortlens wrote here: SHA-256, size in bytes, path\n";

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
        if (isMountPoint(target)) {
            throw refused(out, "it is a mount point (another file system than its parent folder's), and a site is"
                    + " moved into place by renaming the folder, which a mount point does not allow; render into a"
                    + " folder inside it, e.g. --out " + out.resolve("site"));
        }
        String foreign = foreignEntries(target);
        if (foreign != null) {
            throw refused(out, foreign);
        }
        return new OutputFolder(target);
    }

    /**
     * Why the folder may not be replaced, or null when it may: it is missing or empty, or every file below it is one
     * that sortlens recorded in its marker when it wrote the site (same size and SHA-256), apart from sites of its own
     * at its root (a sweep comparison rendered into the report's {@code report.sweep_dir}), which
     * {@link #replaceWith} carries over into the new site.
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
            return foreign.isEmpty() ? null : "it holds files that sortlens did not write (" + sample(foreign) + ");"
                    + " sortlens only replaces a missing or empty folder or a site it rendered (one with a " + MARKER
                    + " file)";
        }
        Map<String, SiteFile> recorded = recordedFiles(dir);
        if (recorded == null) {
            return "it is a site rendered by an older sortlens, whose " + MARKER + " does not record every file it"
                    + " wrote; delete the folder (after moving out anything of yours) and render again";
        }
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Path p : tree(dir)) {
            String rel = relative(dir, p);
            if (rel.equals(MARKER) || isNestedSite(dir.resolve(rel.split("/", 2)[0]))) {
                continue;
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (recorded.keySet().stream().noneMatch(r -> r.startsWith(rel + "/"))) {
                    added.add(rel);
                }
            } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !recorded.containsKey(rel)) {
                added.add(rel);
            } else if (!recorded.get(rel).equals(SiteFile.of(p))) {
                changed.add(rel);
            }
        }
        if (!added.isEmpty()) {
            return "it is a sortlens site with files added since (" + sample(added) + "), which replacing it would"
                    + " delete; move them out first";
        }
        return changed.isEmpty() ? null : "it is a sortlens site with files changed since (" + sample(changed)
                + "), which replacing it would overwrite; move them out first";
    }

    /** A folder (not a link to one) holding a site that sortlens wrote. */
    private static boolean isNestedSite(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isSite(p);
    }

    /** True when the folder holds a site that sortlens wrote. */
    public static boolean isSite(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * One file as the marker records it: its size and SHA-256.
     *
     * @param size   bytes
     * @param sha256 hex SHA-256 of the bytes
     */
    private record SiteFile(long size, String sha256) {

        static SiteFile of(Path file) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                return new SiteFile(bytes.length, Sha256.of(bytes));
            } catch (IOException e) {
                throw new SiteException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The files a site's marker records as written by sortlens (lines {@code <sha256> <size> <path>} after the
     * first), by path relative to the site's root; null for a marker of an older sortlens, which listed only names.
     */
    private static Map<String, SiteFile> recordedFiles(Path dir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(MARKER), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SiteException("cannot read " + dir.resolve(MARKER) + ": " + e.getMessage(), e);
        }
        Map<String, SiteFile> files = new TreeMap<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ", 3);
            if (f.length != 3 || !f[0].matches("[0-9a-f]{64}") || !f[1].matches("[0-9]{1,18}")) {
                return null;
            }
            files.put(f[2], new SiteFile(Long.parseLong(f[1]), f[0]));
        }
        return lines.size() > 1 ? files : null;
    }

    /**
     * Rewrites a finished build folder's marker to record every file below it with its size and SHA-256: what a
     * later render may replace.
     */
    static void seal(Path built) throws IOException {
        StringBuilder text = new StringBuilder(MARKER_TEXT);
        text.append(RECORD_HEADER);
        for (Path p : tree(built)) {
            String rel = relative(built, p);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !rel.equals(MARKER)) {
                SiteFile f = SiteFile.of(p);
                text.append(f.sha256()).append(' ').append(f.size()).append(' ').append(rel).append('\n');
            }
        }
        Files.writeString(built.resolve(MARKER), text.toString(), StandardCharsets.UTF_8);
    }

    /** Every path below {@code root} (links not followed), sorted by their relative path. */
    private static List<Path> tree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).sorted(Comparator.comparing(p -> relative(root, p))).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SiteException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** A path below root as the marker writes it: '/'-separated. */
    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * True when the folder is the root of a mounted file system (its device differs from its parent's): it cannot
     * be renamed, so a site cannot be moved into its place.
     */
    static boolean isMountPoint(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || dir.getParent() == null) {
            return false;
        }
        try {
            Object here = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Object parent = Files.getAttribute(dir.getParent(), "unix:dev");
            return !here.equals(parent);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no device ids on this file system: a failed rename then says what went wrong
        } catch (IOException e) {
            throw new SiteException("cannot read " + dir + ": " + e.getMessage(), e);
        }
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
