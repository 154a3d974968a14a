package io.github.sortlens.config;

import static io.github.sortlens.config.ConfigException.require;

/**
 * How the report site presents itself.
 *
 * @param title   shown on every page (escaped: any text is safe)
 * @param baseUrl absolute URL where the site is published, used for canonical and Open Graph links; empty for none
 */
public record ReportConfig(String title, String baseUrl) {

    public static final ReportConfig DEFAULT = new ReportConfig("Interpreting a sorting model", "");

    public ReportConfig {
        require(title != null && !title.isBlank() && title.length() <= 200, ConfigKeys.TITLE, title,
                "a non-empty text of at most 200 characters");
        require(baseUrl != null && (baseUrl.isEmpty() || baseUrl.matches("https?://[^\\s\"<>]+")),
                ConfigKeys.BASE_URL, baseUrl, "empty, or an absolute http(s) URL");
        if (!baseUrl.isEmpty() && !baseUrl.endsWith("/")) {
            baseUrl = baseUrl + "/";
        }
    }
}
