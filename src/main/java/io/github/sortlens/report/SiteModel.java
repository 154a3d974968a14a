package io.github.sortlens.report;


import java.nio.file.Files;
import java.util.List;

/**
 * What every page shares: the run's title, the base URL for canonical links and the navigation.
 *
 * @param title   the run title from {@code report.title} (escaped by the templates like every text)
 * @param baseUrl absolute URL of the published site ending in {@code /}, or empty
 * @param nav     the top-level pages in menu order
 * @param sweep   true for a sweep comparison (made from many run directories), false for one run's report
 * @param edition what the site is (version, commit, config hash, date of the run) and how to cite it
 */
public record SiteModel(String title, String baseUrl, List<NavItem> nav, boolean sweep, Edition edition) {

    public SiteModel {
        nav = List.copyOf(nav);
    }

    /**
     * @param id    page id, e.g. {@code training} (href is the page root plus {@code id.html})
     * @param label menu text
     */
    public record NavItem(String id, String label) {
    }

    /** The single-run report's menu text for the sweep comparison beside it (whose axes it does not know). */
    public static final String SWEEP_LABEL = "Across runs";

    /**
     * Navigation of a run: Findings, Dynamics and Try it appear only when the run has what they rest on.
     *
     * @param commit the commit of the code that renders, or anything not a commit for none (see {@link Edition})
     */
    public static SiteModel of(RunData run, String commit) {
        List<NavItem> items = new java.util.ArrayList<>();
        items.add(new NavItem("index", "Overview"));
        if (FindingsPage.available(run)) {
            items.add(new NavItem(FindingsPage.ID, "Findings"));
        }
        items.add(new NavItem("training", "Training"));
        if (run.analysis().dynamics() != null) {
            items.add(new NavItem("dynamics", "Dynamics"));
        }
        items.add(new NavItem("circuits", "Circuits"));
        items.add(new NavItem("attribution", "Attribution"));
        items.add(new NavItem("ablation", "Ablation & patching"));
        items.add(new NavItem("hooks", "Hooks"));
        items.add(new NavItem("examples/index", "Examples"));
        if (Files.isRegularFile(run.dir().weights())) {
            items.add(new NavItem(TryPage.ID, "Try it"));
        }
        items.add(new NavItem("about", "About this run"));
        String sweep = run.config().report().sweepDir();
        if (!sweep.isEmpty()) {
            items.add(new NavItem(sweep + "/index", SWEEP_LABEL));
        }
        return new SiteModel(run.config().report().title(), run.config().report().baseUrl(), items, false,
                Edition.of(run, commit));
    }
}
