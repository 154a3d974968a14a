package io.github.sortlens.render;

import io.github.sortlens.report.FindingsPage;
import io.github.sortlens.report.PageModel;
import io.github.sortlens.report.SiteModel;

/**
 * Per-page head data derived from the page and the site, so templates only print it.
 *
 * @param root       relative prefix to the site root ({@code ""} or {@code "../"})
 * @param path       the page's path from the site root
 * @param fullTitle  the {@code <title>}: page title and run title
 * @param canonical  absolute URL of the page when a base URL is set, else empty
 * @param ogImage    absolute URL of the preview card when one was written and a base URL is set, else empty
 *                   (link previews ignore relative images)
 * @param navCurrent id of the menu entry to mark current
 * @param scholar    true for the pages a scholarly index should list (a run's overview and Findings): they carry
 *                   Google Scholar's {@code citation_*} tags
 */
public record PageMeta(String root, String path, String fullTitle, String canonical, String ogImage,
                       String navCurrent, boolean scholar) {

    static PageMeta of(SiteModel site, PageModel page, boolean hasCard) {
        String canonical = site.baseUrl().isEmpty() ? "" : site.baseUrl() + page.path();
        String ogImage = !hasCard || site.baseUrl().isEmpty() ? "" : site.baseUrl() + "cards/" + page.id() + ".png";
        String nav = page.id().startsWith("examples/") ? "examples/index" : page.id();
        String full = page.id().equals("index") ? site.title() : page.title() + " · " + site.title();
        boolean scholar = !site.sweep() && (page.id().equals("index") || page.id().equals(FindingsPage.ID));
        return new PageMeta(page.root(), page.path(), full, canonical, ogImage, nav, scholar);
    }
}
