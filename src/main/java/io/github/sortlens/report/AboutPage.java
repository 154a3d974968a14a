package io.github.sortlens.report;

import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.train.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** About this run: provenance (seed, config, versions, commit, backend, timings) and how to regenerate it. */
public final class AboutPage {

    private AboutPage() {
    }

    /**
     * What {@code about.ftlh} lays out.
     *
     * @param seed       the one seed of the run
     * @param command    the command that regenerates the site
     * @param provenance the manifest's record (empty without a manifest)
     * @param config     every configuration key with its value and meaning
     * @param updates    what changed between released versions, newest first (the repository's CHANGELOG.md)
     */
    public record Body(String seed, String command, List<Fact> provenance, List<Fact> config,
                       List<Changelog.Release> updates) {
    }

    public static PageModel build(RunData run) {
        PageModel.Builder page = new PageModel.Builder("about", "about.ftlh", "About this run",
                "Seed, resolved configuration, versions, backend, git commit and timings of this run, the "
                        + "command that regenerates it, how to cite and reuse it, and what changed between versions.");
        List<Fact> config = new ArrayList<>();
        for (Map.Entry<String, String> e : run.configMap().entrySet()) {
            ConfigKeys.Key key = ConfigKeys.key(e.getKey());
            String def = key.defaultValue();
            config.add(new Fact(e.getKey(), e.getValue(), key.meaning() + (def.equals(e.getValue()) ? ""
                    : " (default " + (def.isEmpty() ? "empty" : def) + ")")));
        }
        List<Fact> provenance = run.manifest().map(AboutPage::provenance).orElse(List.of());
        return page.body(new Body(Long.toString(run.config().train().seed()), regenerateCommand(run),
                List.copyOf(provenance), List.copyOf(config), Changelog.bundled())).build();
    }

    private static List<Fact> provenance(Manifest m) {
        List<Fact> f = new ArrayList<>();
        f.add(new Fact("seed", Long.toString(m.seed()), "drives data, weights, held-out set and examples"));
        f.add(new Fact("config hash", m.configHash(), "SHA-256 prefix of the model and train keys and the training arithmetic"));
        f.add(new Fact("git commit", m.gitCommit(), "code that trained"));
        if (m.trainedAt() != null) {
            f.add(new Fact("trained", m.trainedAt(), "when training finished (UTC): the date of the run"));
        }
        if (m.backend() != null) {
            f.add(new Fact("backend", m.backend().backend(), m.backend().blas() + ", " + m.backend().device()));
        }
        new java.util.TreeMap<>(m.versions()).forEach((k, v) -> f.add(new Fact(k + " version", v, "")));
        new java.util.TreeMap<>(m.stageSeconds()).forEach((k, v) ->
                f.add(new Fact(k + " time", Num.fixed(v, 1) + " s", "")));
        if (m.stepsRun() > 0) {
            f.add(new Fact("training step time", String.format(Locale.ROOT, "%.2f ms", m.msPerStep()),
                    Num.count(m.stepsRun()) + " steps run in the last session"));
        }
        return f;
    }

    /**
     * The command line with every key that differs from its default, quoted so that pasting it into a POSIX shell
     * gives back exactly these values. Two parsers read it: the shell (the whole {@code -Dreport.args} value is in
     * single quotes, so it passes through untouched) and exec-maven-plugin, which splits {@code report.args} at spaces
     * outside '...' or "..." and knows no escapes. A value holding both kinds of quote, or a ${...} that Maven would
     * expand, cannot pass through Maven, so then the runnable jar's command is given instead.
     */
    static String regenerateCommand(RunData run) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : run.configMap().entrySet()) {
            if (!ConfigKeys.key(e.getKey()).defaultValue().equals(e.getValue())) {
                changed.add("--" + e.getKey() + "=" + e.getValue());
            }
        }
        if (changed.isEmpty()) {
            return "mvn site";
        }
        if (changed.stream().anyMatch(a -> a.contains("'") && a.contains("\"") || a.contains("${"))) {
            // Maven would also expand ${...} inside report.args: the jar reads its arguments untouched
            StringBuilder cmd = new StringBuilder("java -jar target/sortlens.jar all --resume --out target/site");
            changed.forEach(a -> cmd.append(' ').append(shellQuote(a)));
            return cmd.toString();
        }
        String args = String.join(" ", changed.stream().map(AboutPage::mavenQuote).toList());
        return "mvn site -Dreport.args=" + shellQuote(args);
    }

    /** One argument as exec-maven-plugin's command-line splitter reads it back. */
    private static String mavenQuote(String arg) {
        if (!arg.contains(" ") && !arg.contains("'") && !arg.contains("\"")) {
            return arg;
        }
        return arg.contains("'") ? "\"" + arg + "\"" : "'" + arg + "'";
    }

    /** POSIX single quoting: nothing inside is expanded; a single quote is closed, escaped and reopened. */
    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=,+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
