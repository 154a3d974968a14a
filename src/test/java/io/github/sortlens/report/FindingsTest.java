package io.github.sortlens.report;

import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.AnalysisSuite;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.HandSetWeights;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.train.HeldOutEvaluator;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.WeightsNpz;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claims are evaluated, not written: the tiny trained run, the same model with its head silenced and an untrained
 * model get different sentences and verdicts, and the numbers in the trained run's claims equal a plain
 * double-precision recomputation from {@link NaiveTransformer}.
 */
class FindingsTest {

    private static final double TOL = 2e-4;

    private static RunConfig config;
    private static Weights trained;
    private static Map<String, Claim> trainedClaims;
    private static Map<String, Claim> silencedClaims;
    private static Map<String, Claim> untrainedClaims;

    @BeforeAll
    static void analyse() {
        config = TinyRun.config();
        trained = WeightsNpz.read(new RunDirectory(TinyRun.get()).weights(), config.model());
        trainedClaims = claims(trained);
        silencedClaims = claims(HandSetWeights.silenceHead(trained, 0));
        untrainedClaims = claims(Weights.init(config.model(), new SplitMix64(99)));
    }

    private static Map<String, Claim> claims(Weights w) {
        AnalysisResults r = AnalysisSuite.run(config, w);
        Map<String, Claim> out = new LinkedHashMap<>();
        for (Claim c : Findings.of(config.model(), r.evaluation(), r.circuits(), r.ablations(), r.mechanism(),
                r.patching(), r.baselines())) {
            out.put(c.id(), c);
        }
        return out;
    }

    @Test
    void untrainedAndSilencedModelsGetDifferentVerdictsAndSentences() {
        assertEquals(untrainedClaims.keySet(), silencedClaims.keySet());
        assertNotEquals(verdicts(untrainedClaims), verdicts(silencedClaims));
        // claims that rest on the model's own measurements differ; a failure-mode claim may be untestable in both
        for (String id : List.of("attention-band", "score-band", "ov-copies", "logit-difference", "reconstruction",
                "head-necessary", "mean-ablation", "patch-list-value", "patch-previous-output")) {
            assertNotEquals(untrainedClaims.get(id).sentence(), silencedClaims.get(id).sentence(), id);
        }
        for (String id : untrainedClaims.keySet()) {
            if (id.equals("attention-band") || id.equals("score-band")) {
                // silencing W_O leaves the QK side alone: the same attention, so the same sentence
                assertEquals(trainedClaims.get(id).sentence(), silencedClaims.get(id).sentence(), id);
            } else if (!id.equals("gap-failures")) {
                assertNotEquals(trainedClaims.get(id).sentence(), silencedClaims.get(id).sentence(), id);
            }
        }
        // a silenced head decides nothing and is not needed; an untrained head does not find the answer
        assertEquals(Claim.Verdict.NOT_SUPPORTED, silencedClaims.get("logit-difference").verdict());
        assertEquals(Claim.Verdict.NOT_SUPPORTED, silencedClaims.get("head-necessary").verdict());
        assertEquals(Claim.Verdict.NOT_SUPPORTED, silencedClaims.get("ov-copies").verdict());
        assertEquals(Claim.Verdict.NOT_SUPPORTED, untrainedClaims.get("attention-band").verdict());
        assertEquals(Claim.Verdict.NOT_SUPPORTED, untrainedClaims.get("head-necessary").verdict());
        assertEquals(0.0, silencedClaims.get("logit-difference").numbers().get("headMargin"), 1e-9);
        // a silenced head carries nothing: a changed list value cannot reach the answer at all, and restoring the
        // head's pattern cannot undo a changed previous output
        assertEquals(Claim.Verdict.NOT_SUPPORTED, silencedClaims.get("patch-list-value").verdict());
        assertEquals(0.0, silencedClaims.get("patch-list-value").numbers().get("pairs"));
        assertEquals(Claim.Verdict.NOT_SUPPORTED, silencedClaims.get("patch-previous-output").verdict());
        assertEquals(0.0, silencedClaims.get("patch-previous-output").numbers().get("patternRestored"), 1e-6);
    }

    /** Claims are hypotheses stated as sentences, the summary is short, and a guaranteed number carries its reason. */
    @Test
    void hypothesesAreStatementsTheSummaryIsShortAndGuaranteesSayWhy() {
        for (Map<String, Claim> claims : List.of(trainedClaims, silencedClaims, untrainedClaims)) {
            for (Claim c : claims.values()) {
                assertTrue(c.hypothesis().endsWith(".") && !c.hypothesis().contains("?"), c.hypothesis());
                assertEquals(c.verdict() == Claim.Verdict.BY_CONSTRUCTION, !c.guarantee().isEmpty(), c.id());
            }
        }
        // the silenced head does not sort, so nothing about it is guaranteed
        assertTrue(silencedClaims.values().stream().noneMatch(c -> c.verdict() == Claim.Verdict.BY_CONSTRUCTION));
        RunData run = RunData.load(TinyRun.get());
        List<MechanismSummary.Paragraph> summary = MechanismSummary.of(Findings.evidence(run).orElseThrow());
        assertTrue(MechanismSummary.words(summary) <= MechanismSummary.MAX_WORDS, summary.toString());
        assertTrue(summary.get(summary.size() - 1).text().contains("list-only explanation reproduces"));
    }

    @Test
    void everyClaimHasATestAVerdictAndEvidence() {
        for (Claim c : trainedClaims.values()) {
            assertTrue(c.id().matches("[a-z-]+"), c.id());
            assertTrue(!c.sentence().isBlank() && !c.test().isBlank() && !c.statistic().isBlank(), c.id());
            assertTrue(!c.links().isEmpty(), c.id());
            for (double v : c.numbers().values()) {
                assertTrue(Double.isFinite(v), c.id());
            }
        }
    }

    @Test
    void attentionNumbersEqualANaiveRecomputation() {
        ModelConfig c = config.model();
        int[][] tokens = heldOut();
        Naive naive = new Naive(trained, tokens);
        int n = c.listLength();
        int t = c.nCtx();
        double answer = 0;
        double above = 0;
        double sorted = 0;
        double top = 0;
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < n; i++) {
                int q = n + 1 + i;
                int best = 0;
                for (int k = 0; k <= q; k++) {
                    double p = naive.pattern[(b * t + q) * t + k];
                    best = p > naive.pattern[(b * t + q) * t + best] ? k : best;
                    if (k >= 1 && k <= n && tokens[b][k] == tokens[b][q + 1]) {
                        answer += p;
                    }
                    if (k >= 1 && k <= n && tokens[b][k] == tokens[b][q + 1] + 1) {
                        above += p;
                    }
                    if (k > n + 1) {
                        sorted += p;
                    }
                }
                top += best >= 1 && best <= n && tokens[b][best] == tokens[b][q + 1] ? 1 : 0;
            }
        }
        double count = tokens.length * n;
        Map<String, Double> x = trainedClaims.get("attention-band").numbers();
        assertEquals(answer / count, x.get("answerMass"), TOL);
        assertEquals(above / count, x.get("oneAboveMass"), TOL);
        assertEquals(sorted / count, x.get("sortedHalfMass"), TOL);
        assertEquals(top / count, x.get("topKeyHoldsAnswer"), 1e-9);
    }

    @Test
    void logitMarginAndAblationNumbersEqualANaiveRecomputation() {
        ModelConfig c = config.model();
        int[][] tokens = heldOut();
        Naive naive = new Naive(trained, tokens);
        int n = c.listLength();
        int t = c.nCtx();
        int d = c.dModel();
        double[] margins = new double[tokens.length * n];
        double headMargin = 0;
        double correctLogit = 0;
        long positive = 0;
        int at = 0;
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < n; i++) {
                int q = n + 1 + i;
                int answer = tokens[b][q + 1];
                double[] l = naive.logits[b][q];
                int wrong = answer == 0 ? 1 : 0;
                for (int j = 0; j < l.length; j++) {
                    wrong = j != answer && l[j] > l[wrong] ? j : wrong;
                }
                margins[at++] = l[answer] - l[wrong];
                correctLogit += l[answer];
                double h = 0;
                for (int k = 0; k < d; k++) {
                    h += naive.result[(b * t + q) * d + k]
                            * (trained.get(Param.W_U).get(k, answer) - trained.get(Param.W_U).get(k, wrong));
                }
                headMargin += h;
                positive += h > 0 ? 1 : 0;
            }
        }
        double count = margins.length;
        Map<String, Double> x = trainedClaims.get("logit-difference").numbers();
        assertEquals(Arrays.stream(margins).sum() / count, x.get("meanMargin"), TOL * Math.max(1, x.get("meanMargin")));
        assertEquals(correctLogit / count, x.get("meanCorrectLogit"), TOL * Math.max(1, Math.abs(correctLogit / count)));
        assertEquals(headMargin / count, x.get("headMargin"), TOL * Math.max(1, Math.abs(headMargin / count)));
        assertEquals(positive / count, x.get("headPositive"), 1e-9);
        assertEquals(Arrays.stream(margins).filter(m -> m > 0).count() / count, x.get("marginPositive"), 1e-9);
        assertEquals(x.get("meanMargin") - x.get("headMargin"), x.get("directMargin"), TOL * Math.max(1, x.get("meanMargin")));

        // ablation claims rest on the full held-out set: zero ablation of the only head = its W_O set to zero
        int[][] all = heldOutAll();
        Map<String, Double> z = trainedClaims.get("head-necessary").numbers();
        assertEquals(new NaiveTransformer(trained).loss(all), z.get("cleanLoss"), TOL);
        assertEquals(new NaiveTransformer(HandSetWeights.silenceHead(trained, 0)).loss(all), z.get("zeroLoss"), TOL);
        assertEquals(Math.log(c.dVocab()), z.get("chanceLoss"), 1e-12);
    }

    @Test
    void copyingNumbersEqualTheFullOvSpectrum() {
        ModelConfig c = config.model();
        int v = c.dVocab();
        double[] full = new double[v * v]; // W_E W_V W_O W_U, [d_vocab, d_vocab], not factored
        for (int a = 0; a < v; a++) {
            for (int o = 0; o < v; o++) {
                double s = 0;
                for (int e = 0; e < c.dHead(); e++) {
                    double ev = 0;
                    for (int i = 0; i < c.dModel(); i++) {
                        ev += trained.get(Param.W_E).get(a, i) * (double) trained.get(Param.W_V).get(0, i, e);
                    }
                    double ou = 0;
                    for (int k = 0; k < c.dModel(); k++) {
                        ou += trained.get(Param.W_O).get(0, e, k) * (double) trained.get(Param.W_U).get(k, o);
                    }
                    s += ev * ou;
                }
                full[a * v + o] = s;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(v, false);
        assertTrue(eig.decompose(new DMatrixRMaj(v, v, true, full)));
        double sum = 0;
        double max = 0;
        double re = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            double mag = eig.getEigenvalue(i).getMagnitude();
            sum += mag;
            max = Math.max(max, mag);
            re += eig.getEigenvalue(i).real;
        }
        Map<String, Double> x = trainedClaims.get("ov-copies").numbers();
        assertEquals(max / sum, x.get("largestEigenShare"), 1e-6);
        assertEquals(max, x.get("largestEigen"), 1e-6 * max);
        assertEquals(re / sum, x.get("copyingScore"), 1e-6);
    }

    @Test
    void gapNumbersEqualANaiveRecomputation() {
        ModelConfig c = config.model();
        int[][] tokens = heldOutAll();
        double[][][] logits = new double[tokens.length][c.nCtx()][c.dVocab()];
        new NaiveTransformer(trained).run(tokens, logits);
        Map<String, Double> beyond = trainedClaims.get("gap-failures").numbers();
        Map<String, Double> repeats = trainedClaims.get("repeat-failures").numbers();
        double reach = beyond.get("reach");
        int n = c.listLength();
        long[] tok = new long[3];   // beyond the reach, 1 to the reach, 0
        long[] err = new long[3];
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 1; i < n; i++) {
                int q = n + 1 + i;
                int gap = tokens[b][q + 1] - tokens[b][q];
                int side = gap > reach ? 0 : gap >= 1 ? 1 : 2;
                int best = 0;
                for (int j = 1; j < c.dVocab(); j++) {
                    best = logits[b][q][j] > logits[b][q][best] ? j : best;
                }
                tok[side]++;
                err[side] += best == tokens[b][q + 1] ? 0 : 1;
            }
        }
        long all = tok[0] + tok[1] + tok[2];
        assertEquals(tok[0] == 0 ? 0 : (double) err[0] / tok[0], beyond.get("errorTested"), 1e-9);
        assertEquals((double) err[1] / tok[1], beyond.get("errorWithin"), 1e-9);
        assertEquals((double) tok[0] / all, beyond.get("shareOfOutputs"), 1e-9);
        assertEquals(tok[2] == 0 ? 0 : (double) err[2] / tok[2], repeats.get("errorTested"), 1e-9);
        assertEquals((double) err[1] / tok[1], repeats.get("errorWithin"), 1e-9);
        assertEquals((double) tok[2] / all, repeats.get("shareOfOutputs"), 1e-9);
    }

    private static List<Claim.Verdict> verdicts(Map<String, Claim> claims) {
        return claims.values().stream().map(Claim::verdict).toList();
    }

    /** The analysis' held-out set. */
    private static int[][] heldOutAll() {
        return new SortingTask(config.model()).randomSequences(
                SplitMix64.derive(config.train().seed(), HeldOutEvaluator.HELD_OUT_STREAM),
                config.analysis().heldOutSize());
    }

    private static int[][] heldOut() {
        return heldOutAll();
    }

    /** The naive model's pattern, head result and logits for one batch, single head. */
    private static final class Naive {
        final double[] pattern;
        final double[] result;
        final double[][][] logits;

        Naive(Weights w, int[][] tokens) {
            ModelConfig c = w.config();
            logits = new double[tokens.length][c.nCtx()][c.dVocab()];
            Map<Hook, double[]> hooks = new NaiveTransformer(w).run(tokens, logits);
            pattern = hooks.get(Hook.PATTERN);
            result = hooks.get(Hook.RESULT);
        }
    }
}
