package io.github.sortlens.train;

import io.github.sortlens.config.ConfigException;
import io.github.sortlens.config.RunConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which folders training may write into: a missing or empty folder, or a run directory of sortlens' own (its
 * {@value RunDirectory#MARKER} file, the first thing training writes). A run directory written before the marker
 * existed is still one: it holds only the names a run directory holds and a checkpoint of this config, and gets its
 * marker. Anything else (a folder of the user's files, a home folder) is refused before anything is written.
 */
public final class RunDirectoryRule {

    static final String MARKER_TEXT = "This folder is a sortlens run directory; sortlens train and analyse write here.\n";

    /** Every name at the root of a run directory (besides the marker) that a sortlens before the marker wrote. */
    private static final Set<String> RUN_NAMES = Set.of("config.properties", "checkpoint.bin", "weights.npz",
            "history.csv", "history.json", "heldout.json", "manifest.json", "run.lock", "analysis", "snapshots");

    private RunDirectoryRule() {
    }

    /**
     * Makes sure {@code dir} is a run directory that training under {@code config} may write, and marks it if it is
     * not marked yet; throws a {@link ConfigException} naming the folder and what it holds otherwise, with nothing
     * written.
     */
    public static void claim(RunDirectory dir, RunConfig config) {
        if (check(dir, config)) {
            return;
        }
        try {
            Files.createDirectories(dir.root());
            Files.writeString(dir.marker(), MARKER_TEXT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@link #claim}'s check alone, reading only: true when the folder is marked already, false when it may be
     * marked (missing, empty, or a run directory from before the marker); throws when it may not be written.
     */
    public static boolean check(RunDirectory dir, RunConfig config) {
        Path root = dir.root();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw refused(root, "it is a file, not a folder");
        }
        if (isRunDirectory(root)) {
            return true;
        }
        List<String> names = Files.isDirectory(root) ? list(root) : List.of();
        List<String> foreign = names.stream().filter(n -> !isRunName(n)).toList();
        if (!foreign.isEmpty()) {
            throw refused(root, "it holds files that sortlens did not write (" + sample(foreign) + ")");
        }
        if (!names.isEmpty()) {
            if (!Files.isRegularFile(dir.checkpoint(), LinkOption.NOFOLLOW_LINKS)) {
                throw refused(root, "it holds files (" + sample(names) + ") but no checkpoint of a run (if an older"
                        + " sortlens stopped there before its first checkpoint, delete the folder)");
            }
            // a run directory from before the marker: its checkpoint must be one of this config (or this throws)
            CheckpointFile.read(dir.checkpoint(), config.model(), Trainer.trainingConfigText(config));
        }
        return false;
    }

    /** True when the folder has the marker that training writes first. */
    public static boolean isRunDirectory(Path root) {
        return Files.isRegularFile(root.resolve(RunDirectory.MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /** A name a run directory holds, or a temporary one of its atomic writes. */
    private static boolean isRunName(String name) {
        return RUN_NAMES.contains(name) || name.startsWith("analysis.tmp-") || name.startsWith("analysis.old-")
                || RUN_NAMES.stream().anyMatch(n -> name.startsWith("." + n + ".") && name.endsWith(".tmp"));
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String sample(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
        return names.size() > 3 ? shown + " and " + (names.size() - 3) + " more" : shown;
    }

    private static ConfigException refused(Path root, String why) {
        return new ConfigException("will not train into " + root + ": " + why + "; a run directory is a missing or"
                + " empty folder, or one that train made (it has a " + RunDirectory.MARKER + " file)");
    }
}
