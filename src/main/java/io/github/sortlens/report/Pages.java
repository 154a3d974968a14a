package io.github.sortlens.report;

import java.util.ArrayList;
import java.util.List;

/** Every page of a run's site, in a fixed order: one builder per page type. */
public final class Pages {

    private Pages() {
    }

    public static List<PageModel> all(RunData run, SiteModel site) {
        List<PageModel> pages = new ArrayList<>();
        pages.add(HomePage.build(run, site));
        pages.add(TrainingPage.build(run));
        pages.add(HooksPage.build(run));
        pages.add(AboutPage.build(run));
        return pages;
    }
}
