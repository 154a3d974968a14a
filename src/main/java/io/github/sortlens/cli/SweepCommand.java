package io.github.sortlens.cli;

import io.github.sortlens.config.ConfigException;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.SweepSpec;
import io.github.sortlens.render.OutputFolder;
import io.github.sortlens.render.PreviewCards;
import io.github.sortlens.render.SiteRenderer;
import io.github.sortlens.report.ReportException;
import io.github.sortlens.report.RunData;
import io.github.sortlens.report.SweepRun;
import io.github.sortlens.train.Backend;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.RunLock;
import io.github.sortlens.train.SweepPlan;
import io.github.sortlens.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code sweep} command: resolves the spec, trains the runs (or this shard's share of them) a unit at a time,
 * analyses each, and, when it has every run (no {@code --shard}), renders the comparison. Runs go to
 * {@code <--runs-dir>/<config hash>}, or to the same cache folder a single run of that config uses, so finished runs
 * are reused by both.
 */
final class SweepCommand {

    /** Index variables of the schedulers README names; when one is set without --shard, this process runs them all. */
    static final List<String> SCHEDULER_INDEX = List.of("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID");

    private final Arguments args;
    private final SweepSpec spec;
    private final SweepPlan plan;
    private final List<RunDirectory> dirs = new ArrayList<>();
    private final int[] shard;
    /** What the comparison shows of each run, by run index, filled as the runs are analysed (or found analysed). */
    private final SweepRun[] summaries;

    SweepCommand(Arguments args) {
        this.args = args;
        this.spec = SweepSpec.resolve(args.configFile(), args.overrides());
        this.plan = SweepPlan.of(spec.runs(), args.sweep().groupSize());
        this.shard = args.sweep().shard() == null ? null : SweepPlan.parseShard(args.sweep().shard());
        if (shard != null && args.out() != null) {
            throw new ConfigException("--out is not used with --shard (a shard renders nothing); give it to the merge,"
                    + " the sweep run without --shard");
        }
        this.summaries = new SweepRun[spec.runs().size()];
        for (RunConfig c : spec.runs()) {
            Path root = args.sweep().runsDir() != null ? args.sweep().runsDir().resolve(Pipeline.configHash(c))
                    : Pipeline.defaultRunDir(c);
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new ConfigException("run directory " + root + " is a file; it must be a folder");
            }
            dirs.add(new RunDirectory(root));
        }
    }

    void run() {
        if (shard == null) {
            // before any training, and again when the comparison is moved in
            OutputFolder.check(out(), dirs.stream().map(RunDirectory::root).toList());
            SCHEDULER_INDEX.stream().filter(v -> System.getenv(v) != null).findFirst().ifPresent(v ->
                    System.err.println("sortlens: warning: " + v + " is set but --shard is not, so this process runs"
                            + " every run of the sweep; to run one share, pass --shard i/n (README, Sweeps)"));
        }
        List<List<Integer>> units = shard == null ? plan.units() : plan.shard(shard[0], shard[1]);
        if (args.sweep().noTrain()) {
            requireTrained(units.stream().flatMap(List::stream).toList());
        }
        Backend.Info backend = Backend.start();
        int runs = units.stream().mapToInt(List::size).sum();
        System.err.printf(Locale.ROOT, "sortlens: sweep of %d runs in %d units of at most %d%s%n", spec.runs().size(),
                plan.units().size(), args.sweep().groupSize(), shard == null ? ""
                        : "; shard " + shard[0] + "/" + shard[1] + " has " + units.size() + " units, " + runs + " runs");
        for (List<Integer> unit : units) {
            if (!args.sweep().noTrain()) {
                Pipeline.trainTogether(unit.stream().map(spec.runs()::get).toList(),
                        unit.stream().map(dirs::get).toList(), backend, true, "the same sweep command (it resumes"
                                + " unfinished runs by itself)");
            }
            for (int i : unit) {
                summaries[i] = analysed(i);
            }
        }
        if (shard == null) {
            render(List.of(summaries)); // every unit ran, so every run has its summary
        }
    }

    /** --no-train: refuses, before any work, naming every run of {@code runs} that is not trained. */
    private void requireTrained(List<Integer> runs) {
        List<Integer> missing = runs.stream().filter(i -> !Trainer.isComplete(spec.runs().get(i), dirs.get(i)))
                .toList();
        if (!missing.isEmpty()) {
            int i = missing.get(0);
            throw new IllegalArgumentException(missing.size() + " of " + runs.size() + " sweep runs are not trained"
                    + " (--no-train trains nothing), first " + SweepSpec.describe(spec.combination(i)) + " in "
                    + dirs.get(i).root() + (missing.size() > 1 ? ", then " + missing.stream().skip(1)
                    .map(j -> SweepSpec.describe(spec.combination(j))).collect(java.util.stream.Collectors.joining(
                            "; ")) : "") + ": download every shard's runs into --runs-dir, or run without --no-train");
        }
    }

    /**
     * Analyses a run unless its analysis is there, readable, and made under this sweep's analysis keys, and returns
     * what the comparison shows of it (so each run's results are read once, not again to render).
     */
    private SweepRun analysed(int i) {
        RunConfig c = spec.runs().get(i);
        RunDirectory d = dirs.get(i);
        try {
            RunData run = RunData.load(d.root(), c);
            System.err.println("sortlens: reusing the analysis in " + d.root());
            return SweepRun.of(Pipeline.configHash(c), spec.combination(i), run);
        } catch (ReportException stale) {
            // missing, from another analysis config, or from an older format: analyse again, saying why
            System.err.println("sortlens: not reusing the analysis: " + stale.getMessage());
        }
        try (RunLock lock = RunLock.acquire(d)) {
            Pipeline.analyse(c, d);
        }
        return SweepRun.of(Pipeline.configHash(c), spec.combination(i), RunData.load(d.root(), c));
    }

    private void render(List<SweepRun> runs) {
        long start = System.nanoTime();
        new SiteRenderer(PreviewCards.forSite(spec.runs().get(0).report().baseUrl()), Pipeline.buildCommit())
                .renderSweep(spec, runs, out(), dirs.stream().map(RunDirectory::root).toList());
        System.err.printf(Locale.ROOT, "sortlens: rendered the sweep comparison in %.1f s: %s%n",
                (System.nanoTime() - start) / 1e9, out().toAbsolutePath().resolve("index.html").toUri());
    }

    private Path out() {
        return args.out() != null ? args.out() : Path.of("target", "sweep");
    }
}
