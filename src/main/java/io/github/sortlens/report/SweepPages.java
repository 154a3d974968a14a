package io.github.sortlens.report;

import io.github.sortlens.config.ReportConfig;
import io.github.sortlens.config.SweepSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The sweep comparison: many runs of one spec side by side. Pages: an overview (headline figures as distributions over
 * runs, the Findings claims as a runs x claims table and what held in every run), the QK and centred OV token blocks
 * of any two runs on one colour scale, what each head does in runs with several heads, and one page per run.
 * Every statement is computed from the runs; a group is the runs that share every axis value but the seed.
 */
public final class SweepPages {

    public static final String CIRCUITS_QK = "circuits-qk";
    public static final String CIRCUITS_OV = "circuits-ov";
    public static final String HEADS = "heads";

    private SweepPages() {
    }

    /** The comparison's title, base URL and navigation (with a link back to the single-run report beside it). */
    public static SiteModel site(SweepSpec spec, String commit) {
        ReportConfig r = spec.runs().get(0).report();
        List<SiteModel.NavItem> nav = new ArrayList<>();
        nav.add(new SiteModel.NavItem("index", label(spec)));
        nav.add(new SiteModel.NavItem(CIRCUITS_QK, "QK across runs"));
        nav.add(new SiteModel.NavItem(CIRCUITS_OV, "OV across runs"));
        if (spec.runs().stream().anyMatch(c -> c.model().nHeads() > 1)) {
            nav.add(new SiteModel.NavItem(HEADS, "Heads"));
        }
        String base = r.baseUrl();
        if (!r.sweepDir().isEmpty()) {
            nav.add(new SiteModel.NavItem("../index", "Single-run report"));
            base = base.isEmpty() ? "" : base + r.sweepDir() + "/";
        }
        return new SiteModel(r.title() + " · " + label(spec).toLowerCase(java.util.Locale.ROOT), base, nav, true,
                Edition.ofSweep(r, base, commit));
    }

    /** What the sweep varies, as its menu text and title: e.g. "Heads & seeds", "Lr & seeds". */
    static String label(SweepSpec spec) {
        String words = spec.axes().keySet().stream().map(k -> switch (k) {
            case "train.seed" -> "seeds";
            case "model.n_heads" -> "heads";
            default -> k.substring(k.indexOf('.') + 1);
        }).collect(java.util.stream.Collectors.joining(" & "));
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    public static List<PageModel> all(SweepSpec spec, List<SweepRun> runs, SiteModel site) {
        if (runs.isEmpty()) {
            throw new ReportException("a sweep comparison needs at least one run");
        }
        List<String> groups = runs.stream().map(SweepRun::group).distinct().toList();
        List<PageModel> pages = new ArrayList<>();
        pages.add(overview(spec, runs, groups));
        pages.add(circuits(runs, CIRCUITS_QK, "QK token blocks across runs", "key value", "query value",
                h -> h.qkTokenBlock(), "The weights-only QK circuit between value tokens (W_E W_Q W_K^T W_E^T,"
                        + " unscaled) of any two runs, on one colour scale so sizes compare as well as shapes. What to look"
                        + " for: in a sorter, a query value scores the keys just above it highest (a band above the"
                        + " diagonal); the Findings claims on each run's page say whether its numbers show it."));
        pages.add(circuits(runs, CIRCUITS_OV, "Centred OV token blocks across runs", "source value",
                "output value", h -> h.ovCentred(), "The OV circuit between value tokens (W_E W_V W_O W_U), each"
                        + " output row centred over the sources, of any two runs on one colour scale. What to look for: in a"
                        + " copier, attending to value v raises the logit of v (a bright diagonal); each run's"
                        + " ov-copies claim says whether it does."));
        if (runs.stream().anyMatch(r -> r.heads().size() > 1)) {
            pages.add(heads(runs));
        }
        for (SweepRun run : runs) {
            pages.add(runPage(run));
        }
        return pages;
    }

    // ---------------------------------------------------------------------------------------------------- overview

    /** A figure's spread in one group. */
    public record Spread(String group, int runs, String median, String min, String max) {
    }

    /** One row of the runs table. */
    public record RunRow(String label, String href, String id, String group, List<String> values) {
    }

    /** One run's verdict on one claim. */
    public record Cell(String verdict, String label, String statistic) {
    }

    /** One run's row of the claims table. */
    public record ClaimRow(String label, String href, List<Cell> cells) {
    }

    /** What a group's runs say about one claim. */
    public record Universality(String claimId, String hypothesis, String summary, String verdict) {
    }

    /** A group with its claims' universality. */
    public record GroupClaims(String group, int runs, String sentence, List<Universality> claims) {
    }

    /** One headline figure: its strip chart and, per group, its median and range. */
    public record FigureSpread(Chart chart, List<Spread> spreads) {
    }

    /**
     * What {@code sweep.ftlh} lays out.
     *
     * @param spec       the sweep spec as given (base config lines and axes)
     * @param runCount   runs in the sweep
     * @param groupCount groups (runs that share every axis value but the seed)
     * @param groups     per group, each claim's verdicts across its runs and the computed sentence
     * @param claimIds   the claims' ids, in the order of every run's claims
     * @param claimRows  per run, its verdict on each claim
     * @param figures    the headline figures, in {@link SweepRun.Figure} order
     * @param runs       per run, its group, headline numbers and run directory
     */
    public record OverviewBody(String spec, int runCount, int groupCount, List<GroupClaims> groups,
                               List<String> claimIds, List<ClaimRow> claimRows, List<FigureSpread> figures,
                               List<RunRow> runs) {
    }

    private static PageModel overview(SweepSpec spec, List<SweepRun> runs, List<String> groups) {
        PageModel.Builder page = new PageModel.Builder("index", "sweep.ftlh", label(spec),
                runs.size() + " runs of the sorting model (" + axesText(spec) + "): each headline figure"
                        + " as a distribution over runs, and which parts of the mechanism held in every run.");
        List<FigureSpread> figures = new ArrayList<>();
        for (SweepRun.Figure f : SweepRun.Figure.values()) {
            List<Chart.Point> points = new ArrayList<>();
            List<Spread> spreads = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                List<Double> values = new ArrayList<>();
                for (SweepRun r : runs) {
                    if (r.group().equals(groups.get(g))) {
                        double v = r.figures().get(f);
                        points.add(new Chart.Point(r.label(), g, v, r.page() + ".html"));
                        if (!Double.isNaN(v)) {
                            values.add(v);
                        }
                    }
                }
                spreads.add(values.isEmpty() ? new Spread(groups.get(g), 0, "–", "–", "–")
                        : new Spread(groups.get(g), values.size(), format(f, Charts.median(values)),
                        format(f, values.stream().mapToDouble(Double::doubleValue).min().orElseThrow()),
                        format(f, values.stream().mapToDouble(Double::doubleValue).max().orElseThrow())));
            }
            long missing = points.stream().filter(p -> Double.isNaN(p.value())).count();
            String spread = spreadSentence(spreads);
            String alt = f.label() + ", one point per run, by group; the bar is the group's median."
                    + (spread.isEmpty() ? "" : " " + spread) + (missing == 0 ? "" : " " + missing + " of " + runs.size()
                    + " runs have no value (" + missingReason(f) + ").");
            Chart chart = Charts.strip(page, "figure-" + f.slug(), f.label(), alt + " Click a point to open its run.",
                    "group", groups, Chart.Axis.value(f.unit(), f.format()), points);
            figures.add(new FigureSpread(chart, List.copyOf(spreads)));
        }
        page.body(new OverviewBody(spec.text().strip(), runs.size(), groups.size(),
                groups.stream().map(g -> groupClaims(g, runs.stream().filter(r -> r.group().equals(g)).toList()))
                        .toList(),
                runs.get(0).claims().stream().map(Claim::id).toList(),
                runs.stream().map(r -> new ClaimRow(r.label(), r.page() + ".html",
                        r.claims().stream().map(c -> new Cell(c.verdict().slug(), shortVerdict(c.verdict()),
                                c.statistic())).toList())).toList(),
                List.copyOf(figures), runRows(runs)));
        page.file("claims", "csv", claimsCsv(runs));
        page.preview(Preview.heatmap(groupMedians(runs, groups), verdictMatrix(runs),
                "fully sorted; verdicts, runs x claims"));
        return page.build();
    }

    /** The link preview's numbers: each group's median fully-sorted fraction (at most three groups), short labels. */
    private static List<Fact> groupMedians(List<SweepRun> runs, List<String> groups) {
        List<Fact> facts = new ArrayList<>();
        for (String g : groups.subList(0, Math.min(3, groups.size()))) {
            List<Double> v = runs.stream().filter(r -> r.group().equals(g))
                    .map(r -> r.figures().get(SweepRun.Figure.FULLY_SORTED)).filter(x -> !Double.isNaN(x)).toList();
            facts.add(new Fact((groups.size() > 1 ? g.replaceAll("\\b(model|train)\\.", "") + " " : "") + "median",
                    v.isEmpty() ? "\u2013" : format(SweepRun.Figure.FULLY_SORTED, Charts.median(v)), ""));
        }
        return facts;
    }

    /** [run][claim] 1 supported, 0.5 mixed or by construction, 0 not supported: the runs x claims table as a picture. */
    private static double[][] verdictMatrix(List<SweepRun> runs) {
        return runs.stream().map(r -> r.claims().stream().mapToDouble(c -> switch (c.verdict()) {
            case SUPPORTED -> 1;
            case MIXED -> 0.5;
            case NOT_SUPPORTED -> 0;
            case BY_CONSTRUCTION -> 0.5;
        }).toArray()).toArray(double[][]::new);
    }

    private static String axesText(SweepSpec spec) {
        List<String> parts = new ArrayList<>();
        spec.axes().forEach((k, v) -> parts.add(k + " " + (v.size() > 3 ? v.get(0) + " to " + v.get(v.size() - 1)
                : String.join(", ", v))));
        return String.join("; ", parts);
    }

    private static String missingReason(SweepRun.Figure f) {
        return f == SweepRun.Figure.PHASE_CHANGE ? "fully sorted did not rise by " + Num.percent(
                io.github.sortlens.analysis.PhaseChange.MIN_RISE, 0) + ", or the run kept no snapshots"
                : "not measured";
    }

    /** "In model.n_heads=1 (8 runs): median 93.1 %, from 91.0 % to 95.2 %." for each group. */
    private static String spreadSentence(List<Spread> spreads) {
        List<String> parts = new ArrayList<>();
        for (Spread s : spreads) {
            if (s.runs() > 0) {
                String runs = s.runs() + (s.runs() == 1 ? " run" : " runs");
                parts.add((spreads.size() > 1 ? s.group() + " (" + runs + "): " : runs + ": ")
                        + "median " + s.median() + ", from " + s.min() + " to " + s.max());
            }
        }
        return parts.isEmpty() ? "" : String.join("; ", parts) + ".";
    }

    static String format(SweepRun.Figure f, double v) {
        return switch (f.format()) {
            case PERCENT -> Num.percent(v, 2);
            case INTEGER -> Num.count(Math.round(v));
            case NUMBER -> Num.sig(v);
        };
    }

    private static List<RunRow> runRows(List<SweepRun> runs) {
        List<RunRow> rows = new ArrayList<>();
        for (SweepRun r : runs) {
            rows.add(new RunRow(r.label(), r.page() + ".html", r.id(), r.group(), List.of(
                    format(SweepRun.Figure.TOKEN_ACCURACY, r.figures().get(SweepRun.Figure.TOKEN_ACCURACY)),
                    format(SweepRun.Figure.FULLY_SORTED, r.figures().get(SweepRun.Figure.FULLY_SORTED)),
                    Double.isNaN(r.figures().get(SweepRun.Figure.PHASE_CHANGE)) ? "–"
                            : format(SweepRun.Figure.PHASE_CHANGE, r.figures().get(SweepRun.Figure.PHASE_CHANGE)),
                    supportedCount(r))));
        }
        return rows;
    }

    /**
     * Which ingredients of the reconstruction every run needs (leaving it out costs at least
     * {@link io.github.sortlens.report.claims.IngredientsClaim#NEEDED_COST} of agreement), which some, which none.
     */
    static String ingredients(List<SweepRun> runs) {
        List<String> always = new ArrayList<>();
        List<String> some = new ArrayList<>();
        List<String> never = new ArrayList<>();
        List<SweepRun.Ingredient> first = runs.get(0).ingredients();
        for (int i = 0; i < first.size(); i++) {
            int at = i;
            long needed = runs.stream().filter(r -> r.ingredients().size() > at && r.ingredients().get(at).cost()
                    >= io.github.sortlens.report.claims.IngredientsClaim.NEEDED_COST).count();
            String label = first.get(i).label();
            if (needed == runs.size()) {
                always.add(label);
            } else if (needed == 0) {
                never.add(label);
            } else {
                some.add(label + " (" + needed + " of " + runs.size() + ")");
            }
        }
        String every = runs.size() == 1 ? "its run" : "every run";
        return "The reconstruction needs, in " + every + ": " + (always.isEmpty() ? "no ingredient"
                : String.join(", ", always)) + "." + (some.isEmpty() ? "" : " In some runs only: "
                + String.join(", ", some) + ".") + (never.isEmpty() ? "" : " In no run: " + String.join(", ", never)
                + ".");
    }

    private static String supportedCount(SweepRun r) {
        long s = r.claims().stream().filter(c -> c.verdict() == Claim.Verdict.SUPPORTED).count();
        return s + " of " + r.claims().size();
    }

    static String shortVerdict(Claim.Verdict v) {
        return switch (v) {
            case SUPPORTED -> "yes";
            case MIXED -> "mixed";
            case NOT_SUPPORTED -> "no";
            case BY_CONSTRUCTION -> "given";
        };
    }

    /**
     * Per claim, how the group's runs judged it: the same verdict in every run (universal), or the counts. The
     * sentence names the claims supported in every run and those whose verdict differs between runs.
     */
    static GroupClaims groupClaims(String group, List<SweepRun> runs) {
        List<Universality> rows = new ArrayList<>();
        List<String> universal = new ArrayList<>();
        List<String> varies = new ArrayList<>();
        List<String> never = new ArrayList<>();
        List<String> alwaysMixed = new ArrayList<>();
        List<Claim> first = runs.get(0).claims();
        for (int c = 0; c < first.size(); c++) {
            int at = c;
            Map<Claim.Verdict, Long> counts = new LinkedHashMap<>();
            for (Claim.Verdict v : Claim.Verdict.values()) {
                counts.put(v, runs.stream().filter(r -> r.claims().get(at).verdict() == v).count());
            }
            String id = first.get(c).id();
            String summary;
            String verdict;
            Claim.Verdict only = counts.entrySet().stream().filter(e -> e.getValue() == runs.size())
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (only != null) {
                summary = only.label().toLowerCase(java.util.Locale.ROOT) + (runs.size() == 1 ? " in its one run"
                        : " in all " + runs.size() + " runs");
                verdict = only.slug();
                if (only != Claim.Verdict.BY_CONSTRUCTION) {
                    (only == Claim.Verdict.SUPPORTED ? universal : only == Claim.Verdict.MIXED ? alwaysMixed : never)
                            .add(id);
                }
            } else {
                List<String> parts = new ArrayList<>();
                counts.forEach((v, n) -> {
                    if (n > 0) {
                        parts.add(v.label().toLowerCase(java.util.Locale.ROOT) + " in " + n);
                    }
                });
                summary = String.join(", ", parts) + " of " + runs.size() + " runs";
                verdict = "varies";
                varies.add(id);
            }
            rows.add(new Universality(id, first.get(c).hypothesis(), summary, verdict));
        }
        String sentence = (universal.isEmpty() ? "No claim was supported in every run."
                : "Supported in every run: " + String.join(", ", universal) + ".")
                + (varies.isEmpty() ? " Every claim got the same verdict in every run."
                : " The verdict differs between runs for: " + String.join(", ", varies) + ".")
                + (never.isEmpty() ? "" : " Not supported in any run: " + String.join(", ", never) + ".")
                + (alwaysMixed.isEmpty() ? "" : " Mixed in every run: " + String.join(", ", alwaysMixed) + ".");
        return new GroupClaims(group, runs.size(), sentence + " " + ingredients(runs), rows);
    }

    private static String claimsCsv(List<SweepRun> runs) {
        Csv csv = new Csv(List.of("run", "id", "group", "claim", "verdict", "statistic"));
        for (SweepRun r : runs) {
            for (Claim c : r.claims()) {
                csv.row(List.of(r.label(), r.id(), r.group(), c.id(), c.verdict().slug(), c.statistic()));
            }
        }
        return csv.toString();
    }

    // ---------------------------------------------------------------------------------------------------- circuits

    /** What {@code sweep-circuits.ftlh} lays out: the page's lead sentence (what the block is and what to look for). */
    public record CircuitsBody(String lead) {
    }

    /** Two copies of one chart, each with a run selector, on the same colour range (that of every run's block). */
    private static PageModel circuits(List<SweepRun> runs, String id, String title, String xName, String yName,
                                      java.util.function.Function<SweepRun.Head, double[][]> block, String lead) {
        PageModel.Builder page = new PageModel.Builder(id, "sweep-circuits.ftlh", title, lead);
        List<Charts.HeatmapView> views = new ArrayList<>();
        double max = 1e-9;
        for (SweepRun r : runs) {
            for (SweepRun.Head h : r.heads()) {
                for (double[] row : block.apply(h)) {
                    for (double v : row) {
                        max = Math.max(max, Math.abs(v));
                    }
                }
            }
        }
        for (SweepRun r : runs) {
            for (SweepRun.Head h : r.heads()) {
                String label = r.label() + (r.heads().size() > 1 ? " · " + h.name() : "");
                views.add(new Charts.HeatmapView(slug(label), label, block.apply(h), -max, max));
            }
        }
        int values = runs.get(0).model().valueCount();
        List<String> labels = IntStream.range(0, values).mapToObj(Integer::toString).toList();
        // The right-hand chart starts at the first run of another group (or the second run), so the two differ.
        int other = 1 % views.size();
        String firstGroup = runs.get(0).group();
        int index = 0;
        for (SweepRun r : runs) {
            if (!r.group().equals(firstGroup)) {
                other = index;
                break;
            }
            index += r.heads().size();
        }
        List<Charts.HeatmapView> right = new ArrayList<>(views.subList(other, views.size()));
        right.addAll(views.subList(0, other));
        String scale = "one colour scale for every run, from " + Num.sig(-max) + " to " + Num.sig(max);
        Charts.heatmap("left", "Run A", "Run A's block (" + scale + ").")
                .x(xName, labels).y(yName, labels)
                .views("value", views)
                .selector(new Chart.Selector("left", "Run A")).height(420)
                .addTo(page);
        Charts.heatmap("right", "Run B", "Run B's block (" + scale + ").")
                .x(xName, labels).y(yName, labels)
                .views("value", right)
                .selector(new Chart.Selector("right", "Run B")).height(420)
                .addTo(page);
        page.body(new CircuitsBody(lead));
        page.preview(Preview.heatmap(List.of(new Fact("runs", Integer.toString(runs.size()), ""),
                new Fact("colour scale", "\u00b1" + Num.sig(max), "")), views.get(0).values(), views.get(0).label()));
        return page.build();
    }

    private static String slug(String label) {
        return label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    // ------------------------------------------------------------------------------------------------------- heads

    /** One head of a run with several: its numbers, and the head-level claims whose statistic it has the largest of. */
    public record HeadRow(String run, String href, String head, List<String> values, String carries) {
    }

    /**
     * What {@code sweep-heads.ftlh} lays out.
     *
     * @param rows     every head of every run with several heads
     * @param sentence in how many of those runs one head has the largest of all four head-level statistics
     */
    public record HeadsBody(List<HeadRow> rows, String sentence) {
    }

    private static final List<String> HEAD_CLAIMS = List.of("attention-band", "ov-copies", "head-necessary",
            "logit-difference");

    private static PageModel heads(List<SweepRun> runs) {
        PageModel.Builder page = new PageModel.Builder(HEADS, "sweep-heads.ftlh", "Heads",
                "How the heads of the runs with several heads divide the work: each head's attention on the answer,"
                        + " its copying, the accuracy lost without it and its share of the logit margin.");
        List<SweepRun> multi = runs.stream().filter(r -> r.heads().size() > 1).toList();
        int heads = multi.stream().mapToInt(r -> r.heads().size()).max().orElseThrow();
        List<HeadRow> rows = new ArrayList<>();
        int oneHeadCarriesAll = 0;
        for (SweepRun r : multi) {
            int[] carrier = carriers(r);
            if (carrier[0] >= 0 && IntStream.of(carrier).allMatch(c -> c == carrier[0])) {
                oneHeadCarriesAll++;
            }
            for (int h = 0; h < r.heads().size(); h++) {
                SweepRun.Head head = r.heads().get(h);
                List<String> carried = new ArrayList<>();
                for (int c = 0; c < HEAD_CLAIMS.size(); c++) {
                    if (carrier[c] == h) {
                        carried.add(HEAD_CLAIMS.get(c));
                    }
                }
                rows.add(new HeadRow(r.label(), r.page() + ".html", head.name(), headValues(head),
                        carried.isEmpty() ? "–" : String.join(", ", carried)));
            }
        }
        page.body(new HeadsBody(List.copyOf(rows), "In " + oneHeadCarriesAll + " of " + multi.size() + " runs with"
                + " several heads one head has the largest of all four statistics (attends to the answer most often,"
                + " copies best, costs the most accuracy when ablated, adds the most to the margin)"
                + (oneHeadCarriesAll < multi.size() ? "; in the others the work is split as the table shows." : ".")));
        List<String> categories = multi.stream().map(SweepRun::label).toList();
        List<String> names = new ArrayList<>();
        List<double[]> drop = new ArrayList<>();
        List<double[]> top = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            int at = h;
            names.add("L0H" + h);
            drop.add(multi.stream().mapToDouble(r -> at < r.heads().size() ? r.heads().get(at).ablationDrop()
                    : Double.NaN).toArray());
            top.add(multi.stream().mapToDouble(r -> at < r.heads().size() ? r.heads().get(at).topKey()
                    : Double.NaN).toArray());
        }
        Charts.bars(page, "head-ablation", "Accuracy lost when one head is zero-ablated", "Per run with several"
                + " heads, the held-out token accuracy each head's zero ablation costs.", "run", categories,
                Chart.Axis.value("accuracy drop", Chart.Format.PERCENT), names, drop);
        Charts.bars(page, "head-attention", "Most-attended key holds the answer, per head", "Per run with several"
                + " heads, the fraction of sorted outputs at which each head's most-attended key holds the answer"
                + " value (the attention band claim's statistic).", "run", categories,
                Chart.Axis.value("fraction of outputs", Chart.Format.PERCENT, 0, 1), names, top);
        page.preview(Preview.heatmap(List.of(new Fact("runs with several heads", Integer.toString(multi.size()), ""),
                new Fact("one head leads all four", oneHeadCarriesAll + " of " + multi.size(), "")),
                multi.stream().map(r -> r.heads().stream().mapToDouble(SweepRun.Head::ablationDrop).toArray())
                        .toArray(double[][]::new), "accuracy drop per run (rows) and head (columns)"));
        return page.build();
    }

    /** A head's numbers as the heads tables show them, in their column order. */
    private static List<String> headValues(SweepRun.Head h) {
        return List.of(Num.percent(h.topKey(), 1), Num.percent(h.onAnswer(), 1), Num.sig(h.copying()),
                Num.percent(h.ablationDrop(), 1), Num.sig(h.marginShare()));
    }

    /** For each of {@link #HEAD_CLAIMS}, the head whose statistic is larger than every other head's, or -1 on a tie. */
    static int[] carriers(SweepRun r) {
        List<java.util.function.ToDoubleFunction<SweepRun.Head>> statistics = List.of(SweepRun.Head::topKey,
                SweepRun.Head::copying, SweepRun.Head::ablationDrop, SweepRun.Head::marginShare);
        int[] out = new int[statistics.size()];
        for (int c = 0; c < out.length; c++) {
            double[] v = r.heads().stream().mapToDouble(statistics.get(c)).toArray();
            double max = java.util.Arrays.stream(v).max().orElseThrow();
            out[c] = IntStream.range(0, v.length).filter(h -> v[h] == max).count() == 1
                    ? IntStream.range(0, v.length).filter(h -> v[h] == max).findFirst().orElseThrow() : -1;
        }
        return out;
    }

    // --------------------------------------------------------------------------------------------------- run pages

    /** One claim as a run page shows it. */
    public record ClaimText(String id, String hypothesis, String verdict, String verdictLabel, String sentence,
                            String statistic, String test) {
    }

    /**
     * What {@code sweep-run.ftlh} lays out.
     *
     * @param facts    the run's config hash, axis values and headline figures
     * @param mainHead the head its claims are about (the largest mean contribution to the logit margin)
     * @param claims   its Findings claims, in words, with statistic, test and verdict
     * @param heads    each of its heads' numbers ({@link HeadRow#run()} and {@link HeadRow#carries()} unused)
     */
    public record RunBody(List<Fact> facts, String mainHead, List<ClaimText> claims, List<HeadRow> heads) {
    }

    private static PageModel runPage(SweepRun run) {
        PageModel.Builder page = new PageModel.Builder(run.page(), "sweep-run.ftlh", run.label(),
                "Run " + run.label() + " of the sweep: its headline figures and its Findings claims with verdicts.");
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("config hash", run.id(), "its run directory's name"));
        run.axes().forEach((k, v) -> facts.add(new Fact(k, v, "axis of the sweep")));
        for (SweepRun.Figure f : SweepRun.Figure.values()) {
            double v = run.figures().get(f);
            facts.add(new Fact(f.label(), Double.isNaN(v) ? "–" : format(f, v),
                    Double.isNaN(v) ? missingReason(f) : ""));
        }
        for (SweepRun.Ingredient i : run.ingredients()) {
            facts.add(new Fact("reconstruction without " + i.label(), Num.fixed(100 * i.cost(), 1) + " points",
                    "agreement with the model lost (leave one out)"));
        }
        page.body(new RunBody(List.copyOf(facts), run.main().name(),
                run.claims().stream().map(c -> new ClaimText(c.id(), c.hypothesis(), c.verdict().slug(),
                        c.verdict().label(), c.sentence(), c.statistic(), c.test())).toList(),
                run.heads().stream().map(h -> new HeadRow(run.label(), "", h.name(), headValues(h), "")).toList()));
        page.preview(Preview.heatmap(List.of(
                new Fact("token accuracy", format(SweepRun.Figure.TOKEN_ACCURACY, run.figures().get(SweepRun.Figure.TOKEN_ACCURACY)), ""),
                new Fact("fully sorted", format(SweepRun.Figure.FULLY_SORTED, run.figures().get(SweepRun.Figure.FULLY_SORTED)), ""),
                new Fact("claims supported", supportedCount(run), "")),
                run.main().qkTokenBlock(), run.main().name() + " QK, value tokens"));
        return page.build();
    }
}
