package io.github.sortlens.train;

import io.github.sortlens.config.ModelConfig;
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

    private static final Pattern NAME = Pattern.compile("step-(\\d{9})\\.npz");

    private Snapshots() {
    }

    /** One snapshot's step and weights. */
    public record Entry(int step, Weights weights) {
    }

    /** Every snapshot of the run up to {@code lastStep}, ascending; empty when the run kept none. */
    public static List<Entry> read(RunDirectory dir, ModelConfig model, int lastStep) {
        if (!Files.isDirectory(dir.snapshots())) {
            return List.of();
        }
        Map<Integer, Path> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir.snapshots())) {
            for (Path p : s.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) <= lastStep) {
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
}
