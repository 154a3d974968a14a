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

        /** The items as the page shows them: each a run of text and `code` spans. */
        public List<List<Span>> spans() {
            return items.stream().map(Changelog::spans).toList();
        }

        /** The release's heading on the About page: "Version 1.2.0 (2026-12-07)", or "Not yet released". */
        public String heading() {
            String name = version.equalsIgnoreCase("unreleased") ? "Not yet released" : "Version " + version;
            return date.isEmpty() ? name : name + " (" + date + ")";
        }
    }

    /**
     * A piece of an item's text: plain, or a markdown {@code `code`} span.
     *
     * @param text the text, without the backticks
     * @param code true inside backticks
     */
    public record Span(String text, boolean code) {
    }

    private Changelog() {
    }

    /** An item's text split at pairs of backticks; a backtick without its pair is kept as text. */
    static List<Span> spans(String item) {
        List<Span> spans = new ArrayList<>();
        int at = 0;
        while (at < item.length()) {
            int open = item.indexOf('`', at);
            int close = open < 0 ? -1 : item.indexOf('`', open + 1);
            if (close < 0) {
                spans.add(new Span(item.substring(at), false));
                break;
            }
            if (open > at) {
                spans.add(new Span(item.substring(at, open), false));
            }
            spans.add(new Span(item.substring(open + 1, close), true));
            at = close + 1;
        }
        return spans;
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
