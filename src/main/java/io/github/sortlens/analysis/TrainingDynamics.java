package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Intervention;
import io.github.sortlens.model.Patch;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.train.Snapshots;
import io.github.sortlens.util.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * Progress measures over training: every weight snapshot is measured on the same held-out sequences, so a change
 * between two steps is a change of the model, not of the data. What each measure asks:
 * <ul>
 *   <li>does it sort? held-out loss, token accuracy, sequences fully sorted;</li>
 *   <li>does the head do the work? the loss increase when every head's output is zeroed;</li>
 *   <li>what does the OV circuit do? the copying score and how much of the spectrum its largest eigenvalue holds;</li>
 *   <li>where does the head look? attention on the keys holding the answer, and how far the answer keys' scores
 *       stand above the other list keys' (the band);</li>
 *   <li>how sure is the output? the margin of the correct logit over the strongest wrong one.</li>
 * </ul>
 * Attention and circuits are those of one head (the final model's main head, {@link MainHead}). Circuits (QK and centred OV token blocks) and one example's
 * attention pattern are also kept at a few chosen snapshots, to be scrubbed through in the report.
 *
 * <p>Snapshots are independent, so they are measured on {@link Parallel#threads()} threads; the result is the serial
 * one, number for number.
 */
public final class TrainingDynamics {

    public static final String LOSS = "loss";
    public static final String ACCURACY = "token-accuracy";
    public static final String FULLY_SORTED = "fully-sorted";
    public static final String ABLATION = "zero-ablation";
    public static final String COPYING = "copying-score";
    public static final String TOP_EIGEN = "top-eigenvalue-share";
    public static final String ATTENTION_ON_ANSWER = "attention-on-answer";
    public static final String BAND = "band-score-gap";
    public static final String MARGIN = "logit-margin";
    public static final String OV_DIAGONAL = "ov-diagonal";
    public static final String QK_LARGER = "qk-top-key-larger";
    /** Token accuracy to the n-th power (n = list length): fully sorted if outputs failed independently. */
    public static final String ACCURACY_POWER = "token-accuracy-power";

    private final ModelConfig c;
    private final SequenceLayout layout;
    /** The head whose attention and circuits are followed. */
    private final int head;
    private final int threads;

    /** Follows the first head. */
    public TrainingDynamics(ModelConfig c) {
        this(c, 0);
    }

    /** Follows {@code head}, e.g. the final model's main head ({@link MainHead}). */
    public TrainingDynamics(ModelConfig c, int head) {
        this(c, head, Parallel.threads());
    }

    /**
     * @param head    the head followed
     * @param threads snapshots measured at once (each on its own thread; the result is the serial one)
     */
    public TrainingDynamics(ModelConfig c, int head, int threads) {
        if (head < 0 || head >= c.nHeads()) {
            throw new IllegalArgumentException("no head " + head + " in a model of " + c.nHeads() + " heads");
        }
        this.c = c;
        this.layout = SequenceLayout.of(c);
        this.head = head;
        this.threads = threads;
    }

    /**
     * @param snapshots    the snapshots, ascending by step
     * @param heldOut      [sequence, pos] the fixed held-out sequences every snapshot is measured on
     * @param example      [pos] the sequence whose attention pattern is kept
     * @param circuitSteps the steps (of {@code snapshots}) whose circuits and pattern are kept
     */
    public DynamicsResult compute(List<Snapshots.Entry> snapshots, int[][] heldOut, int[] example, int[] circuitSteps) {
        return withCircuits(measure(snapshots, heldOut, example), snapshots, circuitSteps);
    }

    /**
     * As {@link #compute(List, int[][], int[], int[])}, with the circuits kept at {@code count} snapshots chosen from
     * the measures: a few spread over the whole run and the rest inside the phase change window, where the circuit
     * changes.
     */
    public DynamicsResult compute(List<Snapshots.Entry> snapshots, int[][] heldOut, int[] example, int count) {
        DynamicsResult measured = measure(snapshots, heldOut, example);
        PhaseChange phase = PhaseChange.locate(measured);
        return withCircuits(measured, snapshots, chooseCircuitSteps(measured.steps(), phase.start(), phase.end(),
                count));
    }

    /** The progress measures of every snapshot, without circuits. */
    private DynamicsResult measure(List<Snapshots.Entry> snapshots, int[][] heldOut, int[] example) {
        int n = snapshots.size();
        double[][] values = new double[12][n];
        int[] steps = new int[n];
        List<double[]> bySnapshot = Parallel.map(snapshots, threads, snap -> measures(snap, heldOut));
        for (int s = 0; s < n; s++) {
            steps[s] = snapshots.get(s).step();
            for (int m = 0; m < values.length; m++) {
                values[m][s] = bySnapshot.get(s)[m];
            }
        }
        List<DynamicsResult.Measure> measures = List.of(
                new DynamicsResult.Measure(LOSS, "held-out loss", "mean cross-entropy of the sorted half", "number",
                        values[0]),
                new DynamicsResult.Measure(ACCURACY, "token accuracy", "fraction of sorted-half tokens predicted"
                        + " right (argmax)", "percent", values[1]),
                new DynamicsResult.Measure(FULLY_SORTED, "fully sorted", "fraction of sequences whose whole sorted"
                        + " half is predicted right", "percent", values[2]),
                new DynamicsResult.Measure(ABLATION, "loss increase when every head is zeroed", "held-out loss"
                        + " with every head's hook_result set to 0 (b_O kept), minus the clean loss", "number",
                        values[3]),
                new DynamicsResult.Measure(COPYING, "copying score", "sum of the real parts of the full OV circuit's"
                        + " eigenvalues over the sum of their absolute values", "percent", values[4]),
                new DynamicsResult.Measure(TOP_EIGEN, "share of the largest eigenvalue", "|largest eigenvalue| over"
                        + " the sum of all eigenvalues' absolute values of the full OV circuit (a complex pair"
                        + " counts as two)", "percent", values[5]),
                new DynamicsResult.Measure(ATTENTION_ON_ANSWER, "attention on the answer", "attention weight, summed"
                        + " over the list keys holding the value to predict, averaged over predicting positions",
                        "percent", values[6]),
                new DynamicsResult.Measure(BAND, "answer keys' score lead", "mean attention score (scaled, with"
                        + " biases) of the list keys holding the answer minus that of the other list keys", "number",
                        values[7]),
                new DynamicsResult.Measure(MARGIN, "logit margin", "correct token's logit minus the strongest wrong"
                        + " token's, averaged over the sorted half", "number", values[8]),
                new DynamicsResult.Measure(OV_DIAGONAL, "OV rows peaking on the diagonal", "fraction of value tokens"
                        + " whose row of the centred OV token block is largest at the token itself (copying)",
                        "percent", values[9]),
                new DynamicsResult.Measure(QK_LARGER, "QK top key above the query", "fraction of value tokens as"
                        + " query whose highest-scoring value key (weights-only QK) is a larger value", "percent",
                        values[10]),
                new DynamicsResult.Measure(ACCURACY_POWER, "token accuracy to the " + ordinal(c.listLength()) + " power",
                        "token accuracy raised to the list length: the fraction fully sorted if every output failed"
                        + " independently at that rate", "percent", values[11]));
        return new DynamicsResult(heldOut.length, Labels.head(head), steps, measures,
                Labels.tokens(c).subList(0, c.valueCount()), example.clone(), queryLabels(), Labels.positions(c),
                new int[0], new double[0][][], new double[0][][], new double[0][][]);
    }

    /** The twelve measures of one snapshot, in the order of {@link #measure}'s list. */
    private double[] measures(Snapshots.Entry snap, int[][] heldOut) {
        ModelRunner runner = new ModelRunner(snap.weights());
        Forward f = forward(runner, heldOut);
        double ablatedLoss = runner.score(heldOut, (from, chunk) -> List.of(zeroHeads(chunk.length))).meanLoss();
        CircuitsResult.HeadCircuits h = new WeightCircuits(c).compute(snap.weights()).heads().get(head);
        return new double[] {f.loss, f.accuracy, f.fullySorted, ablatedLoss - f.loss, h.copyingScore(),
                topEigenvalueShare(h.eigenReal(), h.eigenImag()), f.attentionOnAnswer, f.bandGap, f.margin,
                h.ovDiagonalArgmaxFraction(), h.fractionTopKeyLarger(), Math.pow(f.accuracy, c.listLength())};
    }

    /** The result with the QK and centred OV token blocks and the example's pattern at {@code circuitSteps}. */
    private DynamicsResult withCircuits(DynamicsResult d, List<Snapshots.Entry> snapshots, int[] circuitSteps) {
        List<Snapshots.Entry> kept = snapshots.stream().filter(snap -> contains(circuitSteps, snap.step())).toList();
        List<double[][][]> blocks = Parallel.map(kept, threads, snap -> {
            CircuitsResult.HeadCircuits h = new WeightCircuits(c).compute(snap.weights()).heads().get(head);
            Tensor p = new ModelRunner(snap.weights()).run(new int[][] {d.example()}, List.of(Hook.PATTERN))
                    .get(Hook.PATTERN);
            return new double[][][] {valueBlock(h.qkTokenToken()), WeightCircuits.centredTokenBlock(c, h.ov()),
                    predictingRows(p)};
        });
        List<double[][]> qk = new ArrayList<>();
        List<double[][]> ov = new ArrayList<>();
        List<double[][]> pattern = new ArrayList<>();
        for (double[][][] b : blocks) {
            qk.add(b[0]);
            ov.add(b[1]);
            pattern.add(b[2]);
        }
        return new DynamicsResult(d.sequences(), d.head(), d.steps(), d.measures(), d.tokenLabels(), d.example(),
                d.queryLabels(), d.keyLabels(), circuitSteps.clone(), qk.toArray(double[][][]::new),
                ov.toArray(double[][][]::new), pattern.toArray(double[][][]::new));
    }

    /** The clean measures of one snapshot, accumulated chunk by chunk. */
    private static final class Forward {
        double loss;
        double accuracy;
        double fullySorted;
        double attentionOnAnswer;
        double bandGap;
        double margin;
    }

    private Forward forward(ModelRunner runner, int[][] heldOut) {
        Forward f = new Forward();
        int n = c.listLength();
        long outputs = (long) heldOut.length * n;
        runner.forEachChunk(heldOut, List.of(Hook.ATTN_SCORES, Hook.PATTERN), (from, chunk, cache) -> {
            SequenceScores scores = runner.scores(chunk, cache.logits());
            for (int b = 0; b < chunk.length; b++) {
                for (int i = 0; i < n; i++) {
                    int pos = layout.predictorOf(i);
                    int answer = scores.answer(b, i);
                    f.loss -= scores.logProb()[b][i] / outputs;
                    f.accuracy += scores.correct(b, i) ? 1.0 / outputs : 0;
                    f.margin += margin(cache.logits(), b, pos, answer) / outputs;
                    f.attentionOnAnswer += attentionOn(cache.get(Hook.PATTERN), chunk[b], b, pos, answer) / outputs;
                    f.bandGap += scoreLead(cache.get(Hook.ATTN_SCORES), chunk[b], b, pos, answer) / outputs;
                }
                f.fullySorted += scores.errors(b) == 0 ? 1.0 / heldOut.length : 0;
            }
        });
        return f;
    }

    /** Correct logit minus the largest other logit at one position. */
    static double margin(Tensor logits, int b, int pos, int answer) {
        double best = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < logits.dim(2); t++) {
            if (t != answer) {
                best = Math.max(best, logits.get(b, pos, t));
            }
        }
        return logits.get(b, pos, answer) - best;
    }

    /** Attention from {@code pos} summed over the list keys (positions 1..n) whose token is {@code answer}. */
    private double attentionOn(Tensor pattern, int[] seq, int b, int pos, int answer) {
        double sum = 0;
        for (int k = 1; k <= c.listLength(); k++) {
            if (seq[k] == answer) {
                sum += pattern.get(b, head, pos, k);
            }
        }
        return sum;
    }

    /** Mean score of the list keys holding the answer minus the mean score of the other list keys (0 if none). */
    private double scoreLead(Tensor scores, int[] seq, int b, int pos, int answer) {
        double on = 0;
        double off = 0;
        int nOn = 0;
        for (int k = 1; k <= c.listLength(); k++) {
            if (seq[k] == answer) {
                on += scores.get(b, head, pos, k);
                nOn++;
            } else {
                off += scores.get(b, head, pos, k);
            }
        }
        int nOff = c.listLength() - nOn;
        return nOn == 0 || nOff == 0 ? 0 : on / nOn - off / nOff;
    }

    /** {@code 1st, 2nd, 3rd, 4th, .. 11th, 12th, 13th, .. 21st, ..} */
    public static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** |largest eigenvalue| / sum of |eigenvalue|. */
    static double topEigenvalueShare(double[] real, double[] imag) {
        double total = 0;
        double top = 0;
        for (int i = 0; i < real.length; i++) {
            double abs = Math.hypot(real[i], imag[i]);
            total += abs;
            top = Math.max(top, abs);
        }
        return total == 0 ? 0 : top / total;
    }

    private Intervention zeroHeads(int batch) {
        Patch all = new Patch(Hook.RESULT, c, batch).markEverywhere(Patch.ALL_HEADS);
        return all.replaceWith(Tensor.zeros(all.shape()));
    }

    private double[][] valueBlock(double[][] tokenToken) {
        return Matrices.block(tokenToken, 0, c.valueCount(), 0, c.valueCount());
    }

    /** [query, key] the pattern rows of the positions that predict a sorted token. */
    private double[][] predictingRows(Tensor pattern) {
        int n = c.listLength();
        double[][] rows = new double[n][c.nCtx()];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c.nCtx(); k++) {
                rows[i][k] = pattern.get(0, head, layout.predictorOf(i), k);
            }
        }
        return rows;
    }

    private List<String> queryLabels() {
        return layout.predictorLabels();
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    /**
     * The snapshots to keep circuits for, at most {@code count}: the first and the last, a third of the rest spread
     * over the whole run, and the others spread over the window {@code [from, to]} where the model changes most.
     */
    public static int[] chooseCircuitSteps(int[] steps, int from, int to, int count) {
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
        chosen.add(steps[0]);
        chosen.add(steps[steps.length - 1]);
        int spread = Math.max(1, (count - 2) / 3);
        for (int k = 1; k <= spread; k++) {
            chosen.add(steps[(int) Math.round((double) k * (steps.length - 1) / (spread + 1))]);
        }
        int[] inWindow = java.util.Arrays.stream(steps).filter(x -> x >= from && x <= to).toArray();
        int want = count - chosen.size();
        for (int j = 0; j < want && inWindow.length > 0; j++) {
            chosen.add(inWindow[(int) Math.round((double) j * (inWindow.length - 1) / Math.max(1, want - 1))]);
        }
        for (int i = 0; chosen.size() < Math.min(count, steps.length) && i < steps.length; i++) {
            chosen.add(steps[i]); // a short run: every snapshot
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
