package io.github.sortlens.train;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.model.Weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the weight snapshots a training run kept in {@code snapshots/}, in step order. */
public final class Snapshots {

    private static final Pattern NAME = Pattern.compile("step-(\\d{9,10})\\.npz");

    private Snapshots() {
    }

    /** One snapshot's step and weights. */
    public record Entry(int step, Weights weights) {
    }

    /**
     * Every snapshot of the run's schedule ({@link TrainConfig#snapshotAt}) up to its last step, ascending; empty
     * when the run kept none. Files of another schedule are not read.
     */
    public static List<Entry> read(RunDirectory dir, TrainConfig train, ModelConfig model) {
        int lastStep = train.steps();
        if (!Files.isDirectory(dir.snapshots())) {
            return List.of();
        }
        Map<Integer, Path> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir.snapshots())) {
            for (Path p : s.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) <= lastStep
                        && train.snapshotAt(Integer.parseInt(m.group(1)))) {
                    files.put(Integer.parseInt(m.group(1)), p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.snapshots() + ": " + e.getMessage(), e);
        }
        List<Entry> out = new ArrayList<>();
        files.forEach((step, file) -> out.add(new Entry(step, WeightsNpz.read(file, model))));
        return out;
    }

    /** SHA-256 of every snapshot file of the run directory, by file name in step order; empty when it has none. */
    public static Map<String, String> sha256(RunDirectory dir) {
        Map<String, String> hashes = new TreeMap<>();
        if (!Files.isDirectory(dir.snapshots())) {
            return hashes;
        }
        try (Stream<Path> s = Files.list(dir.snapshots())) {
            for (Path p : s.toList()) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    hashes.put(p.getFileName().toString(), io.github.sortlens.util.Sha256.ofFile(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.snapshots() + ": " + e.getMessage(), e);
        }
        return hashes;
    }

    /** Removes the snapshot files of an earlier run in this directory (sortlens' own files, by their name). */
    static void clear(RunDirectory dir) {
        if (!Files.isDirectory(dir.snapshots())) {
            return;
        }
        try (Stream<Path> s = Files.list(dir.snapshots())) {
            for (Path p : s.toList()) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir.snapshots() + ": " + e.getMessage(), e);
        }
    }
}
