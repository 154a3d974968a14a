package io.github.sortlens.report;

import io.github.sortlens.analysis.DecompositionResult;
import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.analysis.KeyRole;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.report.claims.Evidence;
import io.github.sortlens.report.claims.IngredientsClaim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The mechanism in a few short paragraphs at the top of the Findings page, written from the run's numbers: what the
 * head reads and from which roles, what each role writes, why the argmax lands right, where it fails, and how much of
 * the model the explanation reproduces. At most {@link #MAX_WORDS} words.
 */
public final class MechanismSummary {

    /** The summary must be read in a minute or two. */
    public static final int MAX_WORDS = 300;

    /**
     * One paragraph.
     *
     * @param title what it answers, e.g. "What the head reads"
     * @param text  the paragraph
     */
    public record Paragraph(String title, String text) {
    }

    private MechanismSummary() {
    }

    public static List<Paragraph> of(Evidence e) {
        List<Paragraph> out = new ArrayList<>();
        out.add(new Paragraph("What the head reads", reads(e)));
        out.add(new Paragraph("What each role writes", writes(e)));
        out.add(new Paragraph("Why the argmax lands right", argmax(e)));
        out.add(new Paragraph("Where it fails", fails(e)));
        out.add(new Paragraph("How much this explains", explains(e)));
        return List.copyOf(out);
    }

    /** Words in the paragraphs and their titles. */
    public static int words(List<Paragraph> paragraphs) {
        int n = 0;
        for (Paragraph p : paragraphs) {
            n += (p.title() + " " + p.text()).trim().split("\\s+").length;
        }
        return n;
    }

    private static String reads(Evidence e) {
        DecompositionResult d = e.decomposition();
        int h = e.head();
        List<KeyRole> byMass = rolesBy(d.headRoleAttention()[h]);
        MechanismResult.HeadScores s = e.m().scores().get(h);
        String heads = e.oneHead() ? "" : "The model has " + e.c().nHeads() + " heads; " + headSplit(e) + " ";
        return heads + e.theHead().substring(0, 1).toUpperCase() + e.theHead().substring(1) + " attends mostly to "
                + role(d, h, byMass.get(0)) + " and " + role(d, h, byMass.get(1)) + ". Among list keys its score "
                + "favours values at or above the previous output (" + pct(s.aboveOverBelow()) + " of pairs), the "
                + "smallest first (" + pct(s.smallerFirst()) + "): a band reaching a median " + Num.sig(s.medianReach())
                + " values up.";
    }

    private static String writes(Evidence e) {
        DecompositionResult d = e.decomposition();
        int h = e.head();
        double tokens = 0;
        double positions = 0;
        for (KeyRole r : KeyRole.values()) {
            tokens += d.headRoleToken()[h][r.ordinal()];
            positions += d.headRolePosition()[h][r.ordinal()];
        }
        List<String> parts = new ArrayList<>();
        for (KeyRole r : rolesBy(d.headRoleMean()[h])) {
            parts.add(r.label() + " " + Num.sig(d.headRoleMean()[h][r.ordinal()]));
        }
        return "Each key writes a token write set by its value and a role write set by where it sits. Of "
                + e.headName() + "'s mean margin, " + String.join(", ", parts.subList(0, Math.min(3, parts.size())))
                + "; token writes give " + Num.sig(tokens) + " and role writes " + Num.sig(positions)
                + (tokens * positions < 0 ? ": large and opposite, so how much attention each role gets decides the "
                + "margin." : ".");
    }

    private static String argmax(Evidence e) {
        MechanismResult.LogitDifference l = e.m().logitDiff();
        int heads = e.m().heads().size();
        double direct = l.componentMean()[0] + l.componentMean()[1] + l.componentMean()[2 + heads]
                + l.componentMean()[3 + heads];
        return "The answer leads its runner-up by a median " + Num.sig(l.medianMargin()) + " logits (positive at "
                + pct(l.marginPositive()) + " of outputs); " + e.headName() + " gives " + Num.sig(l.headMean(e.head()))
                + " of the mean margin, the direct path and biases " + Num.sig(direct) + ".";
    }

    private static String fails(Evidence e) {
        EvaluationResult ev = e.eval();
        double reach = e.m().scores().get(e.head()).medianReach();
        double errors = 0;
        double repeats = 0;
        double beyond = 0;
        for (EvaluationResult.Group g : ev.byGap()) {
            double err = g.tokens() * (1 - g.accuracy());
            errors += err;
            repeats += g.key() == 0 ? err : 0;
            beyond += g.key() > reach ? err : 0;
        }
        DecompositionResult d = e.decomposition();
        String base = "Held-out token accuracy is " + Num.percent(ev.tokenAccuracy(), 2) + " ("
                + Num.percent(ev.fractionFullySorted(), 1) + " of lists fully sorted).";
        if (errors == 0) {
            return base;
        }
        return base + " Of the errors after output 0, " + pct(repeats / errors) + " are repeated values and "
                + pct(beyond / errors) + " gaps beyond the band's reach; "
                + pct(d.errors() == 0 ? 0 : (double) d.errorsNotInList() / d.errors())
                + " of all errors output a value not in the list.";
    }

    private static String explains(Evidence e) {
        ReconstructionResult r = e.reconstruction();
        ReconstructionResult.Rung full = r.full();
        double worst = Double.POSITIVE_INFINITY;
        for (double x : full.lossRecovered()) {
            worst = Math.min(worst, x);
        }
        List<String> needed = new ArrayList<>();
        for (ReconstructionResult.Rung rung : r.leaveOneOut()) {
            if (full.agreement() - rung.agreement() >= IngredientsClaim.NEEDED_COST) {
                needed.add(rung.label().replaceFirst("^without ", ""));
            }
        }
        return "Built into a model, this mechanism reproduces the model's prediction at "
                + Num.percent(full.agreement(), 2) + " of held-out outputs and recovers at least "
                + (worst < 0 ? "none" : Num.percent(worst, worst >= 0.99 ? 2 : 1)) + " of its loss; the list-only "
                + "explanation reproduces " + pct(r.ladder().get(0).agreement()) + ". "
                + (needed.isEmpty() ? "No single ingredient is needed." : "Needed: " + String.join(", ", needed) + ".");
    }

    /** Which head gives the most margin at each output, in runs of outputs. */
    private static String headSplit(Evidence e) {
        DecompositionResult d = e.decomposition();
        int n = e.c().listLength();
        int[] lead = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int h = 0; h < e.c().nHeads(); h++) {
                double sum = 0;
                for (KeyRole r : KeyRole.values()) {
                    sum += d.componentByOutput()[io.github.sortlens.analysis.LogitDecomposition.component(h, r, false)][i]
                            + d.componentByOutput()[io.github.sortlens.analysis.LogitDecomposition.component(h, r, true)][i];
                }
                if (sum > best) {
                    best = sum;
                    lead[i] = h;
                }
            }
        }
        List<String> runs = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || lead[i] != lead[from]) {
                runs.add(e.m().heads().get(lead[from]) + " leads outputs " + from + (i - 1 > from ? "-" + (i - 1) : ""));
                from = i;
            }
        }
        return String.join(", ", runs) + ".";
    }

    private static List<KeyRole> rolesBy(double[] values) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer r) -> -values[r]))
                .map(r -> KeyRole.values()[r]).toList();
    }

    private static String role(DecompositionResult d, int h, KeyRole r) {
        return r.label() + " keys (" + pct(d.headRoleAttention()[h][r.ordinal()]) + ")";
    }

    private static String pct(double f) {
        return Num.percent(f, 1);
    }
}
