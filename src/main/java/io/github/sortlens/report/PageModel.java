package io.github.sortlens.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one page shows, ready to lay out.
 *
 * @param id          stable page id and path without {@code .html}, e.g. {@code training} or
 *                    {@code examples/all-equal}; permalinks and preview cards are named by it
 * @param template    the Freemarker template that lays the page out, e.g. {@code training.ftlh}
 * @param title       page title (without the site title)
 * @param description one or two sentences for search results and link previews
 * @param body        page-specific view data for the page's template ({@code b}): the page type's body record (e.g.
 *                    {@link HooksPage.Body}), whose components are all the template reads
 * @param charts      the page's charts by id, in page order
 * @param files       data files to write beside the page: path relative to the site root to content, sorted
 * @param preview     what this page's link-preview card shows, or {@code null} for the run's headline numbers
 * @param scripts     scripts the page loads after the site's own, relative to the site root (the layout's part)
 * @param supports    the findings this page's charts are evidence for, linked from its top (the layout's part)
 */
public record PageModel(String id, String template, String title, String description, Record body,
                        Map<String, Chart> charts, SortedMap<String, String> files, Preview preview,
                        List<String> scripts, List<FindingsPage.ClaimView> supports) {

    public PageModel {
        if (body == null) {
            throw new ReportException("page " + id + " has no body record");
        }
        charts = Collections.unmodifiableMap(new LinkedHashMap<>(charts));
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        scripts = List.copyOf(scripts);
        supports = List.copyOf(supports);
    }

    /** The same page linking to the findings its charts are evidence for. */
    public PageModel withSupports(List<FindingsPage.ClaimView> claims) {
        return new PageModel(id, template, title, description, body, charts, files, preview, scripts, claims);
    }

    /** Path of the page relative to the site root. */
    public String path() {
        return id + ".html";
    }

    /** Relative prefix from this page to the site root: {@code ""} or {@code "../"}. */
    public String root() {
        return "../".repeat((int) id.chars().filter(c -> c == '/').count());
    }

    /** Charts in page order (for the page's chart list). */
    public List<Chart> chartList() {
        return new ArrayList<>(charts.values());
    }

    /** Collects a page's parts; charts' data files are named after the page and the chart. */
    public static final class Builder {
        private final String id;
        private final String template;
        private final String title;
        private final String description;
        private Record body;
        private final Map<String, Chart> charts = new LinkedHashMap<>();
        private final SortedMap<String, String> files = new TreeMap<>();
        private Preview preview;
        private List<String> scripts = List.of();

        public Builder(String id, String template, String title, String description) {
            this.id = id;
            this.template = template;
            this.title = title;
            this.description = description;
        }

        /** The page type's body record: the template reads its components, and nothing else. */
        public Builder body(Record b) {
            body = b;
            return this;
        }

        /** Scripts the page loads after the site's own, relative to the site root. */
        public Builder scripts(String... paths) {
            scripts = List.of(paths);
            return this;
        }

        /** Name (relative to the page) of a data file for one of this page's charts, e.g. {@code all-equal-attention.csv}. */
        public String fileName(String chartId, String extension) {
            return id.substring(id.lastIndexOf('/') + 1) + "-" + chartId + "." + extension;
        }

        /** Registers a data file beside the page and returns its download link. */
        public Chart.Download file(String chartId, String extension, String content) {
            String name = fileName(chartId, extension);
            String dir = id.contains("/") ? id.substring(0, id.lastIndexOf('/') + 1) : "";
            if (files.put(dir + name, content) != null) {
                throw new ReportException("page " + id + " writes " + name + " twice");
            }
            return new Chart.Download(extension.toUpperCase(java.util.Locale.ROOT), name);
        }

        /** Registers a file at a path relative to the site root (a shared asset made from the run, e.g. its weights). */
        public Builder asset(String path, String content) {
            if (files.put(path, content) != null) {
                throw new ReportException("page " + id + " writes " + path + " twice");
            }
            return this;
        }

        public Builder chart(Chart chart) {
            if (charts.put(chart.id(), chart) != null) {
                throw new ReportException("page " + id + " has two charts with id " + chart.id());
            }
            return this;
        }

        /** What the page's link-preview card shows (default: the run's headline numbers and loss curve). */
        public Builder preview(Preview p) {
            preview = p;
            return this;
        }

        public PageModel build() {
            return new PageModel(id, template, title, description, body, charts, files, preview, scripts,
                    List.of());
        }
    }
}
