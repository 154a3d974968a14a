package io.github.sortlens.report;

import io.github.sortlens.config.RunConfig;

import java.nio.file.Path;

/** Lets tests outside this package read the About page's regenerate command. */
public final class AboutPageAccess {

    private AboutPageAccess() {
    }

    public static String command(Path runDir, RunConfig config) {
        return AboutPage.regenerateCommand(RunData.load(runDir, config));
    }
}
