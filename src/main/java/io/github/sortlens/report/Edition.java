package io.github.sortlens.report;

import io.github.sortlens.config.ReportConfig;
import io.github.sortlens.train.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a site is, said on every page, and how to cite it: the released version it is published as, the commit of
 * the code that rendered it, the config hash and the date of the run, read from the config, the build and the run's
 * manifest (never the clock, so the same run rendered from the same commit gives the same bytes), and the citation of
 * the version's address.
 *
 * @param version     the released version ({@code report.version}), or empty for an unreleased build
 * @param commit      the commit of the code that rendered the site, so that checking it out and rendering the same
 *                    run gives these pages; where that is not known (a build outside a git checkout), the commit
 *                    that trained the run (manifest); empty when neither is recorded
 * @param shortCommit its first 12 hex digits, for the line on every page
 * @param configHash  the run's config hash (manifest), or empty
 * @param date        the day training finished, {@code 2026-12-07}, or empty when not recorded
 * @param address     the version's address ({@code report.base_url}), or empty when rendered without one
 * @param title       what is cited: the report's title
 * @param authors     the authors of {@code CITATION.cff}
 * @param scholarDate the date as Google Scholar's {@code citation_publication_date} wants it ({@code 2026/12/07}),
 *                    or empty
 * @param bibtex      the BibTeX entry
 * @param text        the same citation as one line of plain text
 */
public record Edition(String version, String commit, String shortCommit, String configHash, String date,
                      String address, String title, List<String> authors, String scholarDate, String bibtex,
                      String text) {

    /** The licence of the report's text and figures, named on every page and on About. */
    public static final String LICENCE = "CC BY 4.0";
    public static final String LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/";

    public Edition {
        authors = List.copyOf(authors);
    }

    /** For the templates, which read components and methods, not constants. */
    public String licence() {
        return LICENCE;
    }

    public String licenceUrl() {
        return LICENCE_URL;
    }

    private static final String COMMIT = "[0-9a-f]{7,40}";

    /** The edition of one run's report, rendered by {@code renderCommit} (or by a build outside git: anything else). */
    public static Edition of(RunData run, String renderCommit) {
        Optional<Manifest> m = run.manifest();
        String commit = renderCommit.matches(COMMIT) ? renderCommit
                : m.map(Manifest::gitCommit).filter(c -> c.matches(COMMIT)).orElse("");
        String date = m.map(Manifest::trainedAt).filter(d -> d.matches("\\d{4}-\\d{2}-\\d{2}T.*"))
                .map(d -> d.substring(0, 10)).orElse("");
        return make(run.config().report(), run.config().report().baseUrl(), commit,
                m.map(Manifest::configHash).orElse(""), date);
    }

    /** The edition of a sweep comparison: many runs, so no single config or date; cited at its address. */
    public static Edition ofSweep(ReportConfig report, String address, String renderCommit) {
        return make(report, address, renderCommit.matches(COMMIT) ? renderCommit : "", "", "");
    }

    private static Edition make(ReportConfig report, String address, String commit, String configHash, String date) {
        CitationFile cff = CitationFile.bundled();
        String version = report.version();
        String shortCommit = commit.length() > 12 ? commit.substring(0, 12) : commit;
        String scholarDate = date.replace('-', '/');
        return new Edition(version, commit, shortCommit, configHash, date, address, report.title(), cff.authors(),
                scholarDate, bibtex(report.title(), cff.bibtexAuthors(), version, shortCommit, configHash, date, address),
                text(report.title(), cff.authors(), version, shortCommit, configHash, date, address));
    }

    private static String details(String version, String shortCommit, String configHash, String date) {
        List<String> d = new ArrayList<>();
        d.add(version.isEmpty() ? "unreleased version" : "version " + version);
        if (!shortCommit.isEmpty()) {
            d.add("commit " + shortCommit);
        }
        if (!configHash.isEmpty()) {
            d.add("config " + configHash);
        }
        if (!date.isEmpty()) {
            d.add("run of " + date);
        }
        return String.join(", ", d);
    }

    static String bibtex(String title, String authors, String version, String shortCommit, String configHash,
                         String date, String address) {
        String key = "sortlens-" + (version.isEmpty() ? (configHash.isEmpty() ? "unreleased" : configHash) : version)
                .replaceAll("[^A-Za-z0-9.:-]", "-");
        StringBuilder b = new StringBuilder("@misc{").append(key).append(",\n");
        b.append("  author       = {").append(authors).append("},\n");
        b.append("  title        = {{").append(tex(title)).append("}},\n");
        if (!date.isEmpty()) {
            b.append("  year         = {").append(date, 0, 4).append("},\n");
        }
        if (!address.isEmpty()) {
            b.append("  howpublished = {\\url{").append(address).append("}},\n");
        }
        b.append("  note         = {sortlens report, ").append(tex(details(version, shortCommit, configHash, date)))
                .append("}\n}");
        return b.toString();
    }

    static String text(String title, List<String> authors, String version, String shortCommit, String configHash,
                       String date, String address) {
        return String.join(", ", authors) + " (" + (date.isEmpty() ? "n.d." : date.substring(0, 4)) + "). " + title
                + " [sortlens report, " + details(version, shortCommit, configHash, date) + "]."
                + (address.isEmpty() ? "" : " " + address);
    }

    /** Text safe inside a BibTeX braced value: TeX's special characters escaped. */
    static String tex(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}', '&', '%', '$', '#', '_' -> out.append('\\').append(c);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
