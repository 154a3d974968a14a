package io.github.sortlens.report;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.Ablations;
import io.github.sortlens.analysis.ActivationPatching;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.analysis.Corruptions;
import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.config.ModelConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the run's numbers into claims about how the model sorts. Each claim is a hypothesis with a test that could
 * fail: the thresholds below are the tests, and every sentence is written from the run's own numbers, so an
 * untrained model or a model whose head is silenced gets other sentences and other verdicts.
 *
 * <p>Claims about "the head" are about the main head: the one whose contribution to the logit margin is largest
 * (the only head in the default model).
 */
public final class Findings {

    /** The most-attended key holds the answer at this fraction of outputs or more: the head points at its answer. */
    public static final double POINTER_TOP_KEY = 0.9;
    /** ... at this fraction or more: attention is centred on the answer but spread over a band. */
    public static final double BAND_TOP_KEY = 0.5;
    /** Fraction of key pairs the score must order the sorting way (above beats below; smaller above wins). */
    public static final double ORDER_SUPPORTED = 0.9;
    public static final double ORDER_MIXED = 0.6;
    /** Copying score and centred-OV diagonal fraction for a copying head. */
    public static final double COPY_SUPPORTED = 0.9;
    public static final double COPY_MIXED = 0.5;
    /** Above this share of the sum of |eigenvalues|, one eigenvalue dominates the copying score. */
    public static final double DOMINANT_EIGEN_SHARE = 0.5;
    /** Fraction of outputs where the head's part of the logit margin is positive. */
    public static final double DECIDES_SUPPORTED = 0.9;
    public static final double DECIDES_MIXED = 0.6;
    /** Agreement of the simplified model with the real model. */
    public static final double RECONSTRUCTION_SUPPORTED = 0.9;
    public static final double RECONSTRUCTION_MIXED = 0.5;
    /** The simplified model must beat value-blind (uniform) attention by this much agreement. */
    public static final double RECONSTRUCTION_OVER_CONTROL = 0.1;
    /** Error-rate ratio for a failure mode to count as concentrated. */
    public static final double FAILURE_RATIO = 3;
    /** Accuracy drop (absolute) when the head is zero-ablated. */
    public static final double NECESSARY_DROP = 0.5;
    public static final double NECESSARY_MIXED = 0.1;
    /** Share of pairs whose corrupted run predicts the corrupted answer: the model follows the corruption. */
    public static final double FOLLOWS_SUPPORTED = 0.9;
    public static final double FOLLOWS_MIXED = 0.5;
    /** Fraction of the logit difference a patched activation restores for it to carry the information. */
    public static final double PATCH_CARRIES = 0.8;
    /** ... to carry most of it. */
    public static final double PATCH_MOSTLY = 0.5;
    /** ... at most this for it to carry little of it. */
    public static final double PATCH_MINOR = 0.2;

    private final ModelConfig c;
    private final EvaluationResult eval;
    private final CircuitsResult circuits;
    private final AblationResult ablations;
    private final MechanismResult m;
    private final PatchingResult patching;
    private final int head;

    private Findings(ModelConfig c, EvaluationResult eval, CircuitsResult circuits, AblationResult ablations,
                     MechanismResult m, PatchingResult patching) {
        this.c = c;
        this.eval = eval;
        this.circuits = circuits;
        this.ablations = ablations;
        this.m = m;
        this.patching = patching;
        this.head = mainHead(m);
    }

    /** The claims of a run, in reading order; empty when the run lacks the results they rest on. */
    public static List<Claim> of(RunData run) {
        AnalysisResults a = run.analysis();
        if (a.mechanism() == null) {
            return List.of();
        }
        return new Findings(run.config().model(), a.evaluation(), a.circuits(), a.ablations(), a.mechanism(),
                a.patching()).claims();
    }

    /** The claims from the results themselves (tests build these without a run directory). */
    static List<Claim> of(ModelConfig c, EvaluationResult eval, CircuitsResult circuits, AblationResult ablations,
                          MechanismResult m, PatchingResult patching) {
        return new Findings(c, eval, circuits, ablations, m, patching).claims();
    }

    /** Index of the head with the largest mean contribution to the logit margin. */
    static int mainHead(MechanismResult m) {
        int best = 0;
        double[] mean = m.logitDiff().componentMean();
        for (int h = 1; h < m.heads().size(); h++) {
            if (mean[2 + h] > mean[2 + best]) {
                best = h;
            }
        }
        return best;
    }

    List<Claim> claims() {
        List<Claim> out = new ArrayList<>();
        out.add(attention());
        out.add(scoreBand());
        out.add(copying());
        out.add(logitDifference());
        out.add(reconstruction());
        out.add(gapFailures());
        out.add(duplicateFailures());
        out.add(positionFailures());
        out.add(headNecessary());
        out.add(meanAblation());
        out.add(patchListValue());
        out.add(patchPreviousOutput());
        return out;
    }

    private String headName() {
        return m.heads().get(head);
    }

    Claim attention() {
        MechanismResult.HeadAttention a = m.attention().get(head);
        int zero = c.valueCount() - 1;
        double onAnswer = a.deltaMean()[zero];
        double above = a.deltaMean().length > zero + 1 ? a.deltaMean()[zero + 1] : 0;
        double below = zero > 0 ? a.deltaMean()[zero - 1] : 0;
        double top = a.topKeyHoldsAnswerMean();
        double list = a.roleMean()[0];
        double sorted = a.roleMean()[3];
        Claim.Verdict v = Claim.Verdict.of(top >= POINTER_TOP_KEY, top >= BAND_TOP_KEY);
        String shape = switch (v) {
            case SUPPORTED -> "it points at the answer.";
            case MIXED -> "a band centred on the answer, not a pointer.";
            case NOT_SUPPORTED -> "it does not single out the answer.";
        };
        String sentence = "At the sorted outputs " + headName() + " puts " + pct(onAnswer) + " of its attention on "
                + "list keys holding the answer value, " + pct(above) + " on the value one above and " + pct(below)
                + " on the value one below; " + pct(list) + " goes to the unsorted list and " + pct(sorted)
                + " to the sorted half. Its most-attended key holds the answer at " + pct(top) + " of outputs: "
                + shape;
        return new Claim("attention-band", "What does the head attend to?", sentence,
                "most-attended key holds the answer: " + pct(top),
                "supported if at least " + pct(POINTER_TOP_KEY) + " (POINTER_TOP_KEY), mixed if at least "
                        + pct(BAND_TOP_KEY) + " (BAND_TOP_KEY)", v,
                List.of(link("attention by key value", "findings.html#attention-by-delta"),
                        link("attention by key role", "findings.html#attention-by-role"),
                        link("attention on every example", "examples/index.html")),
                numbers("answerMass", onAnswer, "oneAboveMass", above, "oneBelowMass", below, "listMass", list,
                        "sortedHalfMass", sorted, "topKeyHoldsAnswer", top));
    }

    Claim scoreBand() {
        MechanismResult.HeadScores s = m.scores().get(head);
        Claim.Verdict v = Claim.Verdict.of(s.aboveOverBelow() >= ORDER_SUPPORTED && s.smallerFirst() >= ORDER_SUPPORTED,
                s.aboveOverBelow() >= ORDER_MIXED && s.smallerFirst() >= ORDER_MIXED);
        String sentence = "In the score " + headName() + " computes (b_Q, b_K and 1/sqrt(d_head) included, "
                + "positions averaged; biases and positions move it by up to " + Num.sig(s.maxBiasAndPosition())
                + " from the weights-only circuit), a key at or above the previous output beats one below it in "
                + pct(s.aboveOverBelow()) + " of pairs, and of two keys at or above it the smaller wins in "
                + pct(s.smallerFirst()) + " of pairs. Keys within ln 10 of a query's top score span "
                + Num.fixed(s.meanBandSize(), 1) + " values on average and reach a median " + Num.sig(s.medianReach())
                + " values above the previous output.";
        return new Claim("score-band", "Why there: the score the model computes", sentence,
                "key pairs ordered the sorting way: " + pct(s.aboveOverBelow()) + " (above over below), "
                        + pct(s.smallerFirst()) + " (smaller above first)",
                "supported if both at least " + pct(ORDER_SUPPORTED) + " (ORDER_SUPPORTED), mixed if both at least "
                        + pct(ORDER_MIXED) + " (ORDER_MIXED)", v,
                List.of(link("score table and band", "findings.html#score-table"),
                        link("weights-only QK token block", "circuits.html#qk-token-token")),
                numbers("maxBiasAndPosition", s.maxBiasAndPosition(), "aboveOverBelow", s.aboveOverBelow(),
                        "smallerFirst", s.smallerFirst(), "meanBandSize", s.meanBandSize(),
                        "medianReach", s.medianReach()));
    }

    Claim copying() {
        CircuitsResult.HeadCircuits h = circuits.heads().get(head);
        double share = largestEigenShare(h);
        double first = h.eigenReal().length > 0 ? Math.hypot(h.eigenReal()[0], h.eigenImag()[0]) : 0;
        double second = h.eigenReal().length > 1 ? Math.hypot(h.eigenReal()[1], h.eigenImag()[1]) : 0;
        double score = h.copyingScore();
        double diag = h.ovDiagonalArgmaxFraction();
        Claim.Verdict v = Claim.Verdict.of(score >= COPY_SUPPORTED && diag >= COPY_SUPPORTED,
                score >= COPY_MIXED && diag >= COPY_MIXED);
        String sentence = "The OV circuit of " + headName() + " has a copying score of " + Num.fixed(score, 3)
                + ", but its largest eigenvalue carries " + pct(share) + " of the sum of |eigenvalues| ("
                + Num.sig(first) + " against " + Num.sig(second) + " next)" + (share > DOMINANT_EIGEN_SHARE
                ? ", so the score mostly reflects one direction rather than each value being copied" : "")
                + ". After removing what every source writes alike, a source "
                + "value's OV row peaks on that same value for " + pct(diag) + " of values, by a mean z-score of "
                + Num.fixed(h.ovDiagonalZScoreMean(), 2) + ".";
        return new Claim("ov-copies", "What it moves: does the OV circuit copy the attended value?", sentence,
                "copying score " + Num.fixed(score, 3) + " (largest eigenvalue " + pct(share)
                        + " of the sum); centred OV rows peaking on their own value " + pct(diag),
                "supported if both at least " + pct(COPY_SUPPORTED) + " (COPY_SUPPORTED), mixed if both at least "
                        + pct(COPY_MIXED) + " (COPY_MIXED)", v,
                List.of(link("centred OV token block", "circuits.html#ov-token-block"),
                        link("OV eigenvalues", "circuits.html#eigenvalues")),
                numbers("copyingScore", score, "largestEigenShare", share, "largestEigen", first,
                        "secondEigen", second, "diagonalFraction", diag, "diagonalZScore", h.ovDiagonalZScoreMean()));
    }

    /** |lambda_1| / sum |lambda|: how much one eigenvalue dominates the copying score. */
    static double largestEigenShare(CircuitsResult.HeadCircuits h) {
        double sum = 0;
        for (int i = 0; i < h.eigenReal().length; i++) {
            sum += Math.hypot(h.eigenReal()[i], h.eigenImag()[i]);
        }
        return sum == 0 ? 0 : Math.hypot(h.eigenReal()[0], h.eigenImag()[0]) / sum;
    }

    Claim logitDifference() {
        MechanismResult.LogitDifference d = m.logitDiff();
        int heads = m.heads().size();
        double headPart = d.headMean(head);
        double headCorrect = d.componentCorrectMean()[2 + head];
        double direct = d.componentMean()[0] + d.componentMean()[1] + d.componentMean()[2 + heads]
                + d.componentMean()[3 + heads];
        double positive = d.headPositive()[head];
        double answer = d.headBySource()[head][0];
        double runnerUp = d.headBySource()[head][1];
        Claim.Verdict v = Claim.Verdict.of(positive >= DECIDES_SUPPORTED, positive >= DECIDES_MIXED);
        String sentence = "The correct token's raw logit averages " + Num.sig(d.meanCorrectLogit()) + ", of which "
                + headName() + " writes " + Num.sig(headCorrect) + ", but the strongest wrong token's logit is on "
                + "average only " + Num.sig(d.meanMargin()) + " lower (median " + Num.sig(d.medianMargin())
                + "; the correct token leads at " + pct(d.marginPositive()) + " of outputs): that margin, not the raw "
                + "logit, decides the prediction. " + headName() + " contributes " + Num.sig(headPart) + " of that margin on average and"
                + " a positive part at " + pct(positive) + " of outputs; within it, list keys holding the answer value"
                + " add " + Num.sig(answer) + " and keys holding the runner-up value add " + Num.sig(runnerUp)
                + ". The direct path and biases add " + Num.sig(direct) + ".";
        return new Claim("logit-difference", "Why does the argmax land on the right value?", sentence,
                headName() + "'s part of the margin positive at " + pct(positive) + " of outputs",
                "supported if at least " + pct(DECIDES_SUPPORTED) + " (DECIDES_SUPPORTED), mixed if at least "
                        + pct(DECIDES_MIXED) + " (DECIDES_MIXED)", v,
                List.of(link("margin by component and output", "findings.html#margin-by-component"),
                        link("direct logit attribution of the raw logit", "attribution.html")),
                numbers("meanCorrectLogit", d.meanCorrectLogit(), "headCorrectLogit", headCorrect,
                        "meanMargin", d.meanMargin(), "medianMargin", d.medianMargin(),
                        "marginPositive", d.marginPositive(), "headMargin", headPart, "headPositive", positive,
                        "answerSources", answer, "runnerUpSources", runnerUp, "directMargin", direct));
    }

    Claim reconstruction() {
        ReconstructionResult r = m.reconstruction();
        ReconstructionResult.Rung full = r.full();
        Claim.Verdict v = Claim.Verdict.of(full.agreement() >= 0.99, full.agreement() >= 0.9);
        String sentence = "The full reconstruction agrees with the real model at " + pct(full.agreement()) + ".";
        return new Claim("reconstruction", "Does the stated mechanism reproduce the model?", sentence,
                "agreement " + pct(full.agreement()), "supported if at least 99 %", v,
                List.of(link("agreement by output", "findings.html#agreement-by-output")),
                numbers("agreement", full.agreement()));
    }

    Claim gapFailures() {
        double reach = m.scores().get(head).medianReach();
        long tokAbove = 0;
        long tokBelow = 0;
        double errAbove = 0;
        double errBelow = 0;
        for (EvaluationResult.Group g : eval.byGap()) {
            double errors = g.tokens() * (1 - g.accuracy());
            if (g.key() > reach) {
                tokAbove += g.tokens();
                errAbove += errors;
            } else {
                tokBelow += g.tokens();
                errBelow += errors;
            }
        }
        double rateAbove = tokAbove == 0 ? 0 : errAbove / tokAbove;
        double rateBelow = tokBelow == 0 ? 0 : errBelow / tokBelow;
        double total = tokAbove + tokBelow;
        double shareTokens = total == 0 ? 0 : tokAbove / total;
        double shareErrors = errAbove + errBelow == 0 ? 0 : errAbove / (errAbove + errBelow);
        Claim.Verdict v = Claim.Verdict.of(rateAbove > 0 && rateAbove >= FAILURE_RATIO * rateBelow,
                rateAbove > rateBelow);
        String sentence = tokAbove == 0
                ? "No held-out output has a gap to the previous output larger than the band's median reach of "
                        + Num.sig(reach) + " values, so this failure mode cannot be tested on this run."
                : "Outputs whose gap to the previous output is larger than the band's median reach (" + Num.sig(reach)
                        + " values) fail at " + pct2(rateAbove) + " against " + pct2(rateBelow) + " at smaller gaps: "
                        + "they are " + pct2(shareTokens) + " of outputs 1 to " + (c.listLength() - 1) + " but carry "
                        + pct(shareErrors) + " of their errors." + (rateAbove > rateBelow ? " A large gap puts the"
                        + " answer near or past the band's edge, where its attention weight is small." : "");
        return new Claim("gap-failures", "Where does it fail? Large gaps", sentence,
                "error rate above the reach / at or below it: " + pct2(rateAbove) + " / " + pct2(rateBelow),
                "supported if at least " + Num.fixed(FAILURE_RATIO, 0) + " times as high (FAILURE_RATIO), mixed if "
                        + "higher at all", v,
                List.of(link("errors by gap", "findings.html#errors-by-gap"),
                        link("score band", "findings.html#score-table")),
                numbers("reach", reach, "errorAbove", rateAbove, "errorBelow", rateBelow, "shareOfOutputs",
                        shareTokens, "shareOfErrors", shareErrors));
    }

    Claim duplicateFailures() {
        List<EvaluationResult.Group> groups = eval.byDuplicates();
        long sequences = groups.stream().mapToLong(EvaluationResult.Group::sequences).sum();
        int median = 0;
        long seen = 0;
        for (EvaluationResult.Group g : groups) {
            seen += g.sequences();
            if (2 * seen >= sequences) {
                median = g.key();
                break;
            }
        }
        double errMany = 0;
        double errFew = 0;
        long tokMany = 0;
        long tokFew = 0;
        for (EvaluationResult.Group g : groups) {
            if (g.key() > median) {
                tokMany += g.tokens();
                errMany += g.tokens() * (1 - g.accuracy());
            } else {
                tokFew += g.tokens();
                errFew += g.tokens() * (1 - g.accuracy());
            }
        }
        double rateMany = tokMany == 0 ? 0 : errMany / tokMany;
        double rateFew = tokFew == 0 ? 0 : errFew / tokFew;
        Claim.Verdict v = Claim.Verdict.of(rateMany > 0 && rateMany >= FAILURE_RATIO * rateFew, rateMany > rateFew);
        String sentence = "Sequences with more than the median " + median + " repeated values fail at "
                + pct2(rateMany) + " of tokens against " + pct2(rateFew) + " for the rest.";
        return new Claim("duplicate-failures", "Where does it fail? Duplicates", sentence,
                "error rate with many / few duplicates: " + pct2(rateMany) + " / " + pct2(rateFew),
                "supported if at least " + Num.fixed(FAILURE_RATIO, 0) + " times as high (FAILURE_RATIO), mixed if "
                        + "higher at all", v,
                List.of(link("errors by duplicates", "training.html#by-duplicates")),
                numbers("medianDuplicates", median, "errorMany", rateMany, "errorFew", rateFew));
    }

    Claim positionFailures() {
        double[] acc = eval.accuracyByPosition();
        int n = acc.length;
        int third = Math.max(1, n / 3);
        int peak = 0;
        double early = 0;
        double late = 0;
        for (int i = 0; i < n; i++) {
            if (1 - acc[i] > 1 - acc[peak]) {
                peak = i;
            }
            if (i < third) {
                early += (1 - acc[i]) / third;
            }
            if (i >= n - third) {
                late += (1 - acc[i]) / third;
            }
        }
        Claim.Verdict v = Claim.Verdict.of(late > 0 && late >= FAILURE_RATIO * early, late > early);
        String sentence = "Errors peak at output " + peak + " (" + pct2(1 - acc[peak]) + "); the first " + third
                + " outputs fail at " + pct2(early) + " and the last " + third + " at " + pct2(late) + ". "
                + (late > early ? "Late outputs fail more often than early ones."
                : "Errors are not concentrated at the end of the sorted list.");
        return new Claim("position-failures", "Where does it fail? Output position", sentence,
                "error rate last / first " + third + " outputs: " + pct2(late) + " / " + pct2(early),
                "supported if at least " + Num.fixed(FAILURE_RATIO, 0) + " times as high (FAILURE_RATIO), mixed if "
                        + "higher at all", v,
                List.of(link("errors by output position", "training.html#by-position")),
                numbers("peakOutput", peak, "peakError", 1 - acc[peak], "earlyError", early, "lateError", late));
    }

    private Optional<AblationResult.Row> ablation(String method) {
        return ablations.row(headName(), method);
    }

    Claim headNecessary() {
        AblationResult.Row zero = ablation(Ablations.ZERO).orElseThrow();
        double chance = Math.log(c.dVocab());
        double drop = -zero.deltaAccuracy();
        Claim.Verdict v = Claim.Verdict.of(drop >= NECESSARY_DROP, drop >= NECESSARY_MIXED);
        String sentence = "Zero-ablating " + headName() + " on " + Num.count(ablations.sequences())
                + " held-out sequences moves the loss from " + Num.sig(ablations.clean().loss()) + " to "
                + Num.sig(zero.ablated().loss()) + " (uniform guessing: ln " + c.dVocab() + " = " + Num.sig(chance)
                + ") and the token accuracy from " + pct(ablations.clean().accuracy()) + " to "
                + pct(zero.ablated().accuracy()) + (v == Claim.Verdict.NOT_SUPPORTED
                ? ": the model does not depend on the head." : ": without the head the model cannot sort.");
        return new Claim("head-necessary", "What does zero ablation rule out?", sentence,
                "accuracy drop " + pct(drop),
                "supported if at least " + pct(NECESSARY_DROP) + " (NECESSARY_DROP), mixed if at least "
                        + pct(NECESSARY_MIXED) + " (NECESSARY_MIXED)", v,
                List.of(link("ablations", "ablation.html#ablations")),
                numbers("cleanLoss", ablations.clean().loss(), "zeroLoss", zero.ablated().loss(), "chanceLoss", chance,
                        "cleanAccuracy", ablations.clean().accuracy(), "zeroAccuracy", zero.ablated().accuracy()));
    }

    Claim meanAblation() {
        double zero = ablation(Ablations.ZERO).orElseThrow().ablated().loss();
        double mean = ablation(Ablations.MEAN).orElseThrow().ablated().loss();
        double resample = ablation(Ablations.RESAMPLE).orElseThrow().ablated().loss();
        MechanismResult.OutputScale s = m.outputScale();
        MechanismResult.HeadScale h = s.heads().get(head);
        boolean costsMore = mean > zero;
        double chance = Math.log(c.dVocab());
        boolean larger = h.meanOutputLogitSpread() > s.zeroAblatedLogitSpread();
        Claim.Verdict v = Claim.Verdict.of(costsMore && larger, costsMore);
        String sizes = "the head's mean output has norm " + Num.sig(h.meanOutputNorm()) + " (a typical output "
                + Num.sig(h.typicalOutputNorm()) + ", |b_O| = " + Num.sig(s.bONorm()) + ") and on its own spreads the "
                + "logits over " + Num.sig(h.meanOutputLogitSpread()) + ", against " + Num.sig(s.zeroAblatedLogitSpread())
                + " for what zero ablation leaves (the clean model: " + Num.sig(s.cleanLogitSpread()) + ")";
        String sentence = costsMore
                ? "Mean ablation (loss " + Num.sig(mean) + ") and resample ablation (" + Num.sig(resample) + ") cost "
                        + "more than zero ablation (" + Num.sig(zero) + ") because they are not neutral: " + sizes
                        + (larger ? ": written at every position, it pushes the same logits whatever the input"
                        + (mean > chance ? ", and the loss exceeds uniform guessing (ln " + c.dVocab() + " = "
                        + Num.sig(chance) + "): the model is confidently wrong, not unsure." : ".")
                        : ", so its size alone does not explain the extra cost.")
                : "Mean ablation (loss " + Num.sig(mean) + ") does not cost more than zero ablation (" + Num.sig(zero)
                        + "); " + sizes + ".";
        return new Claim("mean-ablation", "Why do mean and resample ablation hurt more than zero ablation?", sentence,
                "mean output's logit spread " + Num.sig(h.meanOutputLogitSpread()) + " vs zero-ablated "
                        + Num.sig(s.zeroAblatedLogitSpread()),
                "supported if mean ablation's loss exceeds zero ablation's and the mean output spreads the logits "
                        + "more than the zero-ablated model; mixed if only the loss is higher", v,
                List.of(link("ablations", "ablation.html#ablations")),
                numbers("zeroLoss", zero, "meanLoss", mean, "resampleLoss", resample, "meanOutputNorm",
                        h.meanOutputNorm(), "typicalOutputNorm", h.typicalOutputNorm(), "bONorm", s.bONorm(),
                        "meanOutputSpread", h.meanOutputLogitSpread(), "zeroAblatedSpread", s.zeroAblatedLogitSpread(),
                        "cleanSpread", s.cleanLogitSpread()));
    }

    private PatchingResult.KindMean patchingKind(String kind) {
        return patching.byKind().stream().filter(k -> k.corruption().equals(kind)).findFirst().orElseThrow();
    }

    /**
     * Restored fraction when the main head's {@code shortHook} ({@code hook_z}, {@code hook_pattern}) is patched at
     * the query.
     */
    private double atQuery(PatchingResult.KindMean k, String shortHook) {
        int target = patching.targets().indexOf(headName() + " " + shortHook);
        return k.normalised()[target][ActivationPatching.ROLE_QUERY];
    }

    /** The claim when no pair of a corruption kind moved the logit difference: nothing reaches the answer. */
    private static Claim noPairs(String id, String question, String what, String conclusion,
                                 PatchingResult.KindMean k, String test) {
        return new Claim(id, question, what + " (" + Num.count(k.sequences()) + " held-out sequences tried): "
                + conclusion + ".", "pairs 0", test, Claim.Verdict.NOT_SUPPORTED, PATCHING_LINKS,
                numbers("pairs", 0));
    }

    private static final List<Claim.Link> PATCHING_LINKS = List.of(
            link("patching by position role", "ablation.html#patching"),
            link("patching at the query, by output", "ablation.html#patching-by-output"));

    Claim patchListValue() {
        PatchingResult.KindMean k = patchingKind(Corruptions.LIST_VALUE);
        String question = "What carries a changed list value to the answer?";
        String test = "supported if the answer follows the change at " + pct(FOLLOWS_SUPPORTED)
                + " of pairs or more (FOLLOWS_SUPPORTED), the head's hook_z at the query restores at least "
                + pct(PATCH_CARRIES) + " (PATCH_CARRIES) and its pattern at most " + pct(PATCH_MINOR)
                + " (PATCH_MINOR); mixed if the answer follows at " + pct(FOLLOWS_MIXED) + " (FOLLOWS_MIXED) and "
                + "hook_z restores at least " + pct(PATCH_MOSTLY) + " (PATCH_MOSTLY)";
        if (k.pairs() == 0) {
            return noPairs("patch-list-value", question, "No change of a list value moved the model's logit "
                    + "difference at the output it changes", "the list does not reach the answer", k, test);
        }
        int q = ActivationPatching.ROLE_QUERY;
        double z = atQuery(k, "hook_z");
        double pattern = atQuery(k, "hook_pattern");
        double other = 0;
        for (int t = 0; t < k.normalised().length; t++) {
            boolean head = t > 0;
            for (int r = 0; r < k.roles().size(); r++) {
                boolean expected = head ? r == q : r == ActivationPatching.ROLE_CHANGED;
                if (!expected && k.pairsByRole()[r] > 0) {
                    other = Math.max(other, Math.abs(k.normalised()[t][r]));
                }
            }
        }
        double follows = k.followsCorrupted();
        Claim.Verdict v = Claim.Verdict.of(follows >= FOLLOWS_SUPPORTED && z >= PATCH_CARRIES && pattern <= PATCH_MINOR,
                follows >= FOLLOWS_MIXED && z >= PATCH_MOSTLY);
        String conclusion = switch (v) {
            case SUPPORTED -> "The new value reaches the answer through what the head moves from the changed key "
                    + "(its values, the OV circuit), not through where it looks.";
            case MIXED -> "The head carries the change, but not cleanly through its values alone.";
            case NOT_SUPPORTED -> follows < FOLLOWS_MIXED
                    ? "The model's answer does not follow the list, so there is little for the head to carry."
                    : "The head's output at the query does not carry the change.";
        };
        String sentence = "Changing one list value so that exactly one sorted output changes (" + Num.count(k.pairs())
                + " pairs from held-out sequences), the model's answer at that output follows the change at "
                + pct(follows) + " of pairs. Read at that output only, restoring " + headName() + "'s output "
                + "(hook_z) at the query restores " + pct(z) + " of the logit difference (the heads' outputs at the "
                + "query are the only path from a list token to its logits in a one-layer attention-only model), "
                + "restoring only its "
                + "attention pattern there " + pct(pattern) + ", and no other activation at any other position "
                + "restores more than " + pct(other) + " (the changed token's own residual stream restores all of "
                + "it, as it must). " + conclusion;
        return new Claim("patch-list-value", question, sentence, "hook_z at the query " + pct(z) + ", hook_pattern "
                + pct(pattern) + ", answer follows " + pct(follows), test, v, PATCHING_LINKS,
                numbers("pairs", k.pairs(), "follows", follows, "zRestored", z, "patternRestored", pattern,
                        "otherRestored", other));
    }

    Claim patchPreviousOutput() {
        PatchingResult.KindMean k = patchingKind(Corruptions.PREVIOUS_OUTPUT);
        String question = "Does the previous output decide where the head looks?";
        String test = "supported if the head's pattern at the query restores at least " + pct(PATCH_CARRIES)
                + " (PATCH_CARRIES) and the answer follows the new previous output at " + pct(FOLLOWS_SUPPORTED)
                + " of pairs or more (FOLLOWS_SUPPORTED); mixed if the pattern restores at least " + pct(PATCH_MOSTLY)
                + " (PATCH_MOSTLY)";
        if (k.pairs() == 0) {
            return noPairs("patch-previous-output", question, "No change of the previous output moved the model's "
                    + "logit difference", "the model does not read its previous output", k, test);
        }
        double z = atQuery(k, "hook_z");
        double pattern = atQuery(k, "hook_pattern");
        double follows = k.followsCorrupted();
        Claim.Verdict v = Claim.Verdict.of(pattern >= PATCH_CARRIES && follows >= FOLLOWS_SUPPORTED,
                pattern >= PATCH_MOSTLY);
        StringBuilder conclusion = new StringBuilder();
        if (pattern >= PATCH_MOSTLY) {
            conclusion.append("The previous output acts mainly through where the head looks (the QK circuit)");
            if (z - pattern >= PATCH_MINOR / 2) {
                conclusion.append(", and partly (").append(pct(z - pattern)).append(") through what the head "
                        + "moves once the pattern is clean: the changed token's own value at the query");
            }
        } else {
            conclusion.append("The head's attention pattern carries less than half of the previous output's "
                    + "effect");
        }
        conclusion.append(follows >= FOLLOWS_SUPPORTED ? "." : "; but the previous output does not alone decide "
                + "the answer.");
        String sentence = "Replacing only the previous output with another list value (so that a sorter's next "
                + "answer is the value after it; " + Num.count(k.pairs()) + " pairs from held-out sequences) moves "
                + "the mean logit difference between the two answers from " + Num.sig(k.meanCleanDiff()) + " to "
                + Num.sig(k.meanCorruptedDiff()) + ". The model then predicts the value after the new previous "
                + "output at " + pct(follows) + " of pairs: " + pct(k.followsUp()) + " when the new previous output "
                + "is above the old one, " + pct(k.followsDown()) + " when it is below (then the value after it is "
                + "at or below the old previous output, a value the sorted half has already reached). Restoring " + headName() + "'s attention pattern at the "
                + "query restores " + pct(pattern) + " of the logit difference, its whole output (hook_z) "
                + pct(z) + "; the remaining " + pct(1 - z) + " reaches the logits "
                + (c.nHeads() == 1 ? "through the changed token's direct path (embedding to unembedding). "
                : "through the other heads and the changed token's direct path. ") + conclusion;
        return new Claim("patch-previous-output", question, sentence, "hook_pattern at the query " + pct(pattern)
                + ", hook_z " + pct(z) + ", answer follows " + pct(follows), test, v, PATCHING_LINKS,
                numbers("pairs", k.pairs(), "cleanDiff", k.meanCleanDiff(), "corruptedDiff", k.meanCorruptedDiff(),
                        "follows", follows, "followsUp", k.followsUp(), "followsDown", k.followsDown(),
                        "patternRestored", pattern, "zRestored", z));
    }

    private static Claim.Link link(String label, String href) {
        return new Claim.Link(label, href);
    }

    /** Name/value pairs in order. */
    private static Map<String, Double> numbers(Object... pairs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return out;
    }

    /** Percent with two decimals, for error rates well below 1 %. */
    static String pct2(double fraction) {
        return Num.percent(fraction, 2);
    }

    /** Percent with one decimal. */
    static String pct(double fraction) {
        return Num.percent(fraction, 1);
    }
}
