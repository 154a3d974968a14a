package io.github.sortlens.analysis;

import io.github.sortlens.config.AnalysisConfig;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.ReportConfig;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TestWeights;
import io.github.sortlens.train.Snapshots;
import io.github.sortlens.util.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress measures against a naive double-precision recomputation, and the phase change located in them. */
class TrainingDynamicsTest {

    private static final ModelConfig C = TestWeights.TINY;
    private static final double TOL = 2e-4;

    @Test
    void everyMeasureEqualsANaiveRecomputation() {
        int[][] heldOut = new SortingTask(C).randomSequences(new SplitMix64(5), 40);
        List<Snapshots.Entry> snaps = List.of(new Snapshots.Entry(0, TestWeights.random(C, 1, 0.02)),
                new Snapshots.Entry(10, TestWeights.random(C, 2, 0.8)), new Snapshots.Entry(20,
                        TestWeights.random(C, 3, 1.5)));
        DynamicsResult d = new TrainingDynamics(C).compute(snaps, heldOut, heldOut[0], new int[] {0, 20});
        assertArrayEquals(new int[] {0, 10, 20}, d.steps());
        for (int s = 0; s < snaps.size(); s++) {
            Naive n = naive(snaps.get(s).weights(), heldOut);
            String at = " at snapshot " + s;
            assertEquals(n.loss, d.measure(TrainingDynamics.LOSS).values()[s], TOL * Math.max(1, n.loss), "loss" + at);
            assertEquals(n.accuracy, d.measure(TrainingDynamics.ACCURACY).values()[s], 1e-9, "accuracy" + at);
            assertEquals(n.fullySorted, d.measure(TrainingDynamics.FULLY_SORTED).values()[s], 1e-9, "sorted" + at);
            assertEquals(Math.pow(n.accuracy, C.listLength()), d.measure(TrainingDynamics.ACCURACY_POWER).values()[s],
                    1e-9, "accuracy to the n-th power" + at);
            assertEquals(n.ablatedLoss - n.loss, d.measure(TrainingDynamics.ABLATION).values()[s],
                    TOL * Math.max(1, n.ablatedLoss), "ablation" + at);
            assertEquals(n.attentionOnAnswer, d.measure(TrainingDynamics.ATTENTION_ON_ANSWER).values()[s], TOL,
                    "attention on answer" + at);
            assertEquals(n.scoreLead, d.measure(TrainingDynamics.BAND).values()[s], TOL * Math.max(1,
                    Math.abs(n.scoreLead)), "score lead" + at);
            assertEquals(n.margin, d.measure(TrainingDynamics.MARGIN).values()[s], TOL * Math.max(1,
                    Math.abs(n.margin)), "margin" + at);
            CircuitsResult.HeadCircuits head = new WeightCircuits(C).compute(snaps.get(s).weights()).heads().get(0);
            assertEquals(head.copyingScore(), d.measure(TrainingDynamics.COPYING).values()[s], 1e-12);
        }
        assertEquals(2, d.qkTokenBlock().length);
        assertEquals(C.valueCount(), d.ovCentred()[1].length);
        assertEquals(C.listLength(), d.pattern()[1].length);
    }

    /** Snapshots measured on two threads give the serial result, byte for byte as written to disk. */
    @Test
    void twoThreadsGiveTheSerialResultByteForByte() {
        int[][] heldOut = new SortingTask(C).randomSequences(new SplitMix64(15), 30);
        List<Snapshots.Entry> snaps = new java.util.ArrayList<>();
        for (int s = 0; s < 7; s++) {
            snaps.add(new Snapshots.Entry(10 * s, TestWeights.random(C, 40 + s, 0.1 + 0.2 * s)));
        }
        String serial = Json.write(new TrainingDynamics(C, 0, 1).compute(snaps, heldOut, heldOut[0], 4));
        String parallel = Json.write(new TrainingDynamics(C, 0, 2).compute(snaps, heldOut, heldOut[0], 4));
        assertEquals(serial, parallel);
        assertTrue(serial.contains("\"steps\""), serial.substring(0, Math.min(200, serial.length())));
    }

    /** The dynamics of the final snapshot and the final analysis measure the same model on the same sequences. */
    @Test
    void theLastSnapshotAgreesWithTheFinalAnalysis() {
        RunConfig config = new RunConfig(C, TrainConfig.SEED, new AnalysisConfig(100, 4, 3, 100), ReportConfig.DEFAULT);
        Weights last = TestWeights.random(C, 81, 0.7);
        List<Snapshots.Entry> snaps = List.of(new Snapshots.Entry(0, TestWeights.random(C, 9, 0.02)),
                new Snapshots.Entry(500, last));
        AnalysisResults r = AnalysisSuite.run(config, last, snaps, AnalysisSuite.Progress.NONE, 40);
        DynamicsResult d = r.dynamics();
        assertEquals(r.evaluation().meanLoss(), d.measure(TrainingDynamics.LOSS).values()[1], 1e-9);
        assertEquals(r.evaluation().tokenAccuracy(), d.measure(TrainingDynamics.ACCURACY).values()[1], 1e-12);
        assertEquals(r.evaluation().fractionFullySorted(), d.measure(TrainingDynamics.FULLY_SORTED).values()[1], 1e-12);
        assertEquals(r.circuits().heads().get(0).copyingScore(), d.measure(TrainingDynamics.COPYING).values()[1], 0);
        assertArrayEquals(WeightCircuits.centredTokenBlock(C, r.circuits().heads().get(0).ov())[3],
                d.ovCentred()[1][3], 0);
    }

    /** The dynamics follow the head the findings call the main one, and a chosen head's own circuits. */
    @Test
    void theDynamicsFollowTheMainHead() {
        ModelConfig two = TestWeights.TINY_2_HEADS;
        RunConfig config = new RunConfig(two, TrainConfig.SEED, new AnalysisConfig(100, 4, 3, 100),
                ReportConfig.DEFAULT);
        Weights last = TestWeights.random(two, 81, 0.7);
        List<Snapshots.Entry> snaps = List.of(new Snapshots.Entry(0, TestWeights.random(two, 9, 0.02)),
                new Snapshots.Entry(500, last));
        AnalysisResults r = AnalysisSuite.run(config, last, snaps, AnalysisSuite.Progress.NONE, 40);
        int main = MainHead.of(r.mechanism());
        double[] margin = r.mechanism().logitDiff().componentMean();
        assertTrue(margin[2 + main] >= margin[2 + 1 - main], "the main head has the larger margin share");
        assertEquals(Labels.head(main), r.dynamics().head());
        assertEquals(r.circuits().heads().get(main).copyingScore(),
                r.dynamics().measure(TrainingDynamics.COPYING).values()[1], 0);

        int[][] heldOut = new SortingTask(two).randomSequences(new SplitMix64(5), 20);
        DynamicsResult second = new TrainingDynamics(two, 1, 1).compute(snaps, heldOut, heldOut[0], new int[] {500});
        assertEquals("L0H1", second.head());
        assertEquals(r.circuits().heads().get(1).copyingScore(),
                second.measure(TrainingDynamics.COPYING).values()[1], 0);
        assertEquals("1st 2nd 3rd 4th 11th 12th 13th 20th 21st 22nd 111th", String.join(" ", java.util.stream.IntStream
                .of(1, 2, 3, 4, 11, 12, 13, 20, 21, 22, 111).mapToObj(TrainingDynamics::ordinal).toList()));
    }

    @Test
    void thePhaseChangeIsLocatedFromTheDataAndAFlatRunHasNone() {
        int[] steps = {0, 100, 200, 300, 400, 500, 600};
        double[] sorted = {0.0, 0.01, 0.05, 0.5, 0.9, 0.93, 0.94};
        double[] early = {0.1, 0.6, 0.9, 0.95, 0.96, 0.97, 0.97};
        double[] flat = {0.5, 0.51, 0.5, 0.49, 0.5, 0.5, 0.52};
        PhaseChange p = PhaseChange.locate(result(steps, sorted, early, flat));
        assertTrue(p.risen() && p.sharp());
        assertEquals(200, p.start(), "10 % of the rise (0.094) is first reached at step 300: the window opens at 200");
        assertEquals(400, p.end(), "90 % of the rise (0.846) is first reached at step 400");
        assertEquals(200, p.steepFrom());
        assertEquals(300, p.steepTo());
        assertEquals(0.45, p.steepRise(), 1e-12);
        PhaseChange.MeasureChange first = p.measures().get(0);
        assertEquals("early", first.id());
        assertEquals("before", first.when());
        PhaseChange.MeasureChange still = p.measures().stream().filter(m -> m.id().equals("flat")).findFirst()
                .orElseThrow();
        assertEquals(PhaseChange.Course.BARELY, still.course());

        PhaseChange none = PhaseChange.locate(result(steps, flat, early, flat));
        assertFalse(none.risen() || none.sharp());
        double[] slow = {0.0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9};
        PhaseChange gradual = PhaseChange.locate(result(steps, slow, early, flat));
        assertTrue(gradual.risen() && !gradual.sharp(), "a rise spread over the whole run is not a phase change");
        double[] peak = {0.1, 0.5, 0.9, 0.5, 0.1, 0.1, 0.1};
        PhaseChange back = PhaseChange.locate(result(steps, sorted, peak, flat));
        assertEquals(PhaseChange.Course.RETURNS, back.measures().stream().filter(m -> m.id().equals("early"))
                .findFirst().orElseThrow().course());
    }

    @Test
    void circuitSnapshotsCrowdIntoThePhaseChangeWindow() {
        int[] steps = java.util.stream.IntStream.rangeClosed(0, 100).map(i -> i * 500).toArray();
        int[] chosen = TrainingDynamics.chooseCircuitSteps(steps, 20_500, 30_500, 12);
        assertTrue(chosen.length <= 12 && chosen[0] == 0 && chosen[chosen.length - 1] == 50_000,
                java.util.Arrays.toString(chosen));
        long inWindow = java.util.Arrays.stream(chosen).filter(x -> x >= 20_500 && x <= 30_500).count();
        assertTrue(inWindow >= 7, "most circuit snapshots fall inside the window: " + java.util.Arrays.toString(chosen));
        assertArrayEquals(new int[] {0, 1, 2}, TrainingDynamics.chooseCircuitSteps(new int[] {0, 1, 2}, 1, 1, 12),
                "a short run keeps every snapshot");
    }

    private static DynamicsResult result(int[] steps, double[] sorted, double[] early, double[] flat) {
        List<DynamicsResult.Measure> m = List.of(
                new DynamicsResult.Measure(TrainingDynamics.FULLY_SORTED, "fully sorted", "", "percent", sorted),
                new DynamicsResult.Measure("early", "early", "", "percent", early),
                new DynamicsResult.Measure("flat", "flat", "", "percent", flat));
        return new DynamicsResult(10, "L0H0", steps, m, List.of(), new int[0], List.of(), List.of(), new int[0],
                new double[0][][], new double[0][][], new double[0][][]);
    }

    /** The measures of one model, computed in double precision from the naive forward pass. */
    private record Naive(double loss, double accuracy, double fullySorted, double ablatedLoss,
                         double attentionOnAnswer, double scoreLead, double margin) {
    }

    private static Naive naive(Weights w, int[][] tokens) {
        int t = C.nCtx();
        int v = C.dVocab();
        int d = C.dModel();
        double[][][] logits = new double[tokens.length][t][v];
        Map<Hook, double[]> hooks = new NaiveTransformer(w).run(tokens, logits);
        double[] post = hooks.get(Hook.RESID_POST);
        double[] result = hooks.get(Hook.RESULT);
        double[] pattern = hooks.get(Hook.PATTERN);
        double[] scores = hooks.get(Hook.ATTN_SCORES);
        int n = C.listLength();
        int outputs = tokens.length * n;
        double loss = 0;
        double ablated = 0;
        double acc = 0;
        double sorted = 0;
        double onAnswer = 0;
        double lead = 0;
        double margin = 0;
        for (int b = 0; b < tokens.length; b++) {
            boolean all = true;
            for (int i = 0; i < n; i++) {
                int pos = SequenceLayout.of(C).predictorOf(0) + i;
                int answer = tokens[b][pos + 1];
                double[] row = logits[b][pos];
                double[] ablatedRow = new double[v];
                for (int o = 0; o < v; o++) {
                    double s = w.get(Param.B_U).get(o);
                    for (int k = 0; k < d; k++) {
                        double x = post[(b * t + pos) * d + k];
                        for (int h = 0; h < C.nHeads(); h++) {
                            x -= result[((b * t + pos) * C.nHeads() + h) * d + k];
                        }
                        s += x * w.get(Param.W_U).get(k, o);
                    }
                    ablatedRow[o] = s;
                }
                loss -= logSoftmax(row, answer) / outputs;
                ablated -= logSoftmax(ablatedRow, answer) / outputs;
                int best = 0;
                double wrong = Double.NEGATIVE_INFINITY;
                for (int o = 0; o < v; o++) {
                    best = row[o] > row[best] ? o : best;
                    wrong = o == answer ? wrong : Math.max(wrong, row[o]);
                }
                acc += best == answer ? 1.0 / outputs : 0;
                all &= best == answer;
                margin += (row[answer] - wrong) / outputs;
                double on = 0;
                double onScore = 0;
                double offScore = 0;
                int nOn = 0;
                for (int k = 1; k <= n; k++) {
                    int at = (b * t + pos) * t + k; // head 0 of a one-head model: [b, 0, pos, k]
                    if (tokens[b][k] == answer) {
                        on += pattern[at];
                        onScore += scores[at];
                        nOn++;
                    } else {
                        offScore += scores[at];
                    }
                }
                onAnswer += on / outputs;
                lead += (nOn == 0 || nOn == n ? 0 : onScore / nOn - offScore / (n - nOn)) / outputs;
            }
            sorted += all ? 1.0 / tokens.length : 0;
        }
        return new Naive(loss, acc, sorted, ablated, onAnswer, lead, margin);
    }

    private static double logSoftmax(double[] row, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : row) {
            max = Math.max(max, x);
        }
        double z = 0;
        for (double x : row) {
            z += Math.exp(x - max);
        }
        return row[target] - max - Math.log(z);
    }
}
