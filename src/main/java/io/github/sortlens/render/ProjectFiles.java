package io.github.sortlens.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's top-level {@code templates/} and {@code site/} folders: a system property
 * ({@code sortlens.templates}, {@code sortlens.assets}) first, then the working directory and its parents (Maven and
 * the CLI run from the project). When none is found, the renderer falls back to the classpath ({@code /templates},
 * {@code /site}), which is where a packaged build would put them.
 */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Optional<Path> find(String property, String folder, String marker) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p.resolve(marker))) {
                throw new SiteException("-D" + property + "=" + configured + " has no " + marker);
            }
            return Optional.of(p);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(folder);
            if (Files.isRegularFile(candidate.resolve(marker))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
