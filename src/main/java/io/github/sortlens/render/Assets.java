package io.github.sortlens.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared static files: the site's own CSS and script (from the project's {@code site/} folder) and ECharts from
 * its WebJar, each copied once into {@code assets/}.
 */
final class Assets {

    static final String DIR = "assets";
    static final String ECHARTS_RESOURCE = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    /** The site's own files, by name in {@code site/} and in {@code assets/}. */
    static final List<String> OWN = List.of("sortlens.css", "sortlens.js", "dynamics.js", "forward.js", "why.js", "try.js");

    private Assets() {
    }

    static void copy(Path siteRoot) {
        Path assets = siteRoot.resolve(DIR);
        try {
            Files.createDirectories(assets);
            try (InputStream in = resource(ECHARTS_RESOURCE)) {
                Files.copy(in, assets.resolve("echarts.min.js"));
            }
            for (String name : OWN) { // the top-level site/ folder, copied onto the classpath by Maven
                try (InputStream in = resource("/site/" + name)) {
                    Files.copy(in, assets.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new SiteException("cannot copy the site assets into " + assets + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Assets.class.getResourceAsStream(name);
        if (in == null) {
            throw new SiteException("resource " + name + " is not on the classpath");
        }
        return in;
    }
}
