package io.github.sortlens.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository's {@code CHANGELOG.md}, bundled in the jar at build time: what changed between released versions,
 * which the About page lists under "Updates and corrections". Read as the file is written: a {@code ## version}
 * heading per release (optionally {@code ## [1.2.0] - 2026-12-07}), then one {@code - } item per change, an item
 * going on over indented lines; anything else (the introduction) is not listed.
 */
public final class Changelog {

    static final String RESOURCE = "/about/CHANGELOG.md";

    /**
     * One release's changes.
     *
     * @param version the version as its heading names it ({@code 1.2.0}, or {@code Unreleased})
     * @param date    the release date the heading gives, or empty
     * @param items   the changes, as written (markdown kept as text)
     */
    public record Release(String version, String date, List<String> items) {
        public Release {
            items = List.copyOf(items);
        }

        /** The release's heading on the About page: "Version 1.2.0 (2026-12-07)", or "Not yet released". */
        public String heading() {
            String name = version.equalsIgnoreCase("unreleased") ? "Not yet released" : "Version " + version;
            return date.isEmpty() ? name : name + " (" + date + ")";
        }
    }

    private Changelog() {
    }

    /** The bundled changelog's releases, in the file's order (newest first). */
    public static List<Release> bundled() {
        try (InputStream in = Changelog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ReportException("CHANGELOG.md is not bundled (" + RESOURCE + " is missing from the "
                        + "classpath): build with Maven, which copies it from the repository root");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReportException("cannot read the bundled CHANGELOG.md: " + e.getMessage(), e);
        }
    }

    static List<Release> parse(String text) {
        List<Release> releases = new ArrayList<>();
        String version = null;
        String date = "";
        List<String> items = new ArrayList<>();
        StringBuilder item = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.startsWith("## ")) {
                if (version != null) {
                    flush(items, item);
                    releases.add(new Release(version, date, items));
                }
                String heading = line.substring(3).strip();
                String[] parts = heading.split("\\s+-\\s+", 2);
                version = parts[0].replace("[", "").replace("]", "").strip();
                date = parts.length > 1 ? parts[1].strip() : "";
                items = new ArrayList<>();
                item = null;
            } else if (version != null && line.startsWith("- ")) {
                flush(items, item);
                item = new StringBuilder(line.substring(2).strip());
            } else if (version != null && item != null && line.startsWith("  ") && !line.isBlank()) {
                item.append(' ').append(line.strip());
            } else if (line.isBlank()) {
                flush(items, item);
                item = null;
            }
        }
        if (version != null) {
            flush(items, item);
            releases.add(new Release(version, date, items));
        }
        return releases;
    }

    private static void flush(List<String> items, StringBuilder item) {
        if (item != null && !items.contains(item.toString())) {
            items.add(item.toString());
        }
    }
}
