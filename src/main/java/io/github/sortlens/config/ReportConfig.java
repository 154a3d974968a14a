package io.github.sortlens.config;

import static io.github.sortlens.config.ConfigException.require;

/**
 * How the report site presents itself.
 *
 * @param title   shown on every page (escaped: any text is safe)
 * @param baseUrl absolute URL where the site is published, used for canonical and Open Graph links; empty for none
 * @param sweepDir the folder, relative to the single-run report's root, that holds a sweep comparison rendered beside
 *                 it (e.g. {@code sweep}): the report's navigation links to it and the comparison's links back; empty
 *                 for none
 * @param version  the released version the site is published as ({@code 1.2.0} for the tag {@code v1.2.0}), named
 *                 on every page and in its citation; empty for an unreleased build
 */
public record ReportConfig(String title, String baseUrl, String sweepDir, String version) {

    public static final ReportConfig DEFAULT = new ReportConfig("Interpreting a sorting model", "", "", "");

    public ReportConfig {
        require(title != null && !title.isBlank() && title.length() <= 200, ConfigKeys.TITLE, title,
                "a non-empty text of at most 200 characters");
        require(baseUrl != null && (baseUrl.isEmpty() || baseUrl.matches("https?://[^\\s\"<>]+")),
                ConfigKeys.BASE_URL, baseUrl, "empty, or an absolute http(s) URL");
        require(sweepDir != null && sweepDir.matches("([a-z0-9][a-z0-9-]{0,39})?"), ConfigKeys.SWEEP_DIR, sweepDir,
                "empty, or one folder name of at most 40 characters a-z, 0-9 and -");
        require(version != null && version.matches("([0-9][0-9A-Za-z.+-]{0,39})?"), ConfigKeys.VERSION, version,
                "empty, or a version of at most 40 characters that starts with a digit (1.2.0, not v1.2.0)");
        if (!baseUrl.isEmpty() && !baseUrl.endsWith("/")) {
            baseUrl = baseUrl + "/";
        }
    }
}
