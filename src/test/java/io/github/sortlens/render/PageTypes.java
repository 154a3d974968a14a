package io.github.sortlens.render;

import java.util.List;

/** One page of each type, as paths in a rendered site: what the HTML, browser and screenshot checks visit. */
final class PageTypes {

    static final List<String> ALL = List.of("index.html", "findings.html", "training.html", "circuits.html",
            "attribution.html", "ablation.html", "hooks.html", "examples/index.html", "examples/all-equal.html",
            "try.html", "about.html", "dynamics.html");

    private PageTypes() {
    }
}
