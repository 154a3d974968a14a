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
        if (Files.isSymbolicLink(out) && !Files.exists(out)) {
            throw refused(out, "it is a symbolic link to nothing (" + readLink(out) + ")");
        }
        Path target = realTarget(out);
        Path run = realTarget(runDir);
        if (target.getParent() == null) {
            throw refused(out, "it is the file system root");
        }
        if (target.equals(run)) {
            throw refused(out, "it is the run directory");
        }
        if (run.startsWith(target)) {
            throw refused(out, "it contains the run directory " + run);
        }
        if (target.startsWith(run)) {
            throw refused(out, "it is inside the run directory " + run + ", which rendering never writes to");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(out, "it is a file, not a folder");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && !isEmpty(target) && !isSite(target)) {
            throw refused(out, "it holds files that sortlens did not write (" + sample(target) + "); sortlens only"
                    + " replaces a missing or empty folder or a site it rendered (one with a " + MARKER + " file)");
        }
        return new OutputFolder(target);
    }

    /** True when the folder holds a site that sortlens wrote. */
    public static boolean isSite(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /** Makes a fresh hidden build folder beside the target, marked as sortlens' own. */
    Path newBuildFolder() throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), buildPrefix() + ProcessHandle.current().pid() + "-");
        Files.writeString(tmp.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
        return tmp;
    }

    /** Moves a finished build folder into place, replacing the previous site. */
    void replaceWith(Path built) {
        AtomicFiles.replaceDirectory(built, target);
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
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(), buildPrefix() + "*")) {
            for (Path p : siblings) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isSite(p) && !builderAlive(p)) {
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

    /** The absolute, link-free path: an existing path (or link) resolved to its real location. */
    private static Path realTarget(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                return abs.toRealPath();
            }
            Path parent = abs.getParent();
            return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(abs.getFileName()) : abs;
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

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new SiteException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String sample(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
            return names.size() > 3 ? shown + " and " + (names.size() - 3) + " more" : shown;
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static SiteException.Refused refused(Path out, String why) {
        return new SiteException.Refused("will not render into " + out + ": " + why);
    }
}
