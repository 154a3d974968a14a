package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.SequenceScores;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Held-out evaluation: accuracy, loss and the probability of the correct token on fresh sequences, broken down by
 * output position, by duplicates and by the gap between consecutive sorted values, plus the worst sequences. The
 * seed notebook measured accuracy on its 16-sequence training batch; this is the number that generalises.
 */
public final class HeldOutEvaluation {

    private final ModelConfig model;

    public HeldOutEvaluation(ModelConfig model) {
        this.model = model;
    }

    /** @param worstCount how many of the worst sequences to list */
    public EvaluationResult evaluate(SequenceScores scores, int worstCount) {
        int n = model.listLength();
        int size = scores.size();
        double[] probs = new double[size * n];
        double probSum = 0;
        for (int s = 0; s < size; s++) {
            for (int i = 0; i < n; i++) {
                double p = Math.exp(scores.logProb()[s][i]);
                probs[s * n + i] = p;
                probSum += p;
            }
        }
        double[] sortedProbs = probs.clone();
        Arrays.sort(sortedProbs);
        return new EvaluationResult(size, scores.accuracy(), scores.meanLoss(), probSum / probs.length,
                median(sortedProbs), sortedProbs[0], scores.fullySorted(), scores.accuracyByPosition(),
                scores.lossByPosition(), byDuplicates(scores), byGap(scores), worst(scores, worstCount));
    }

    private List<EvaluationResult.Group> byDuplicates(SequenceScores scores) {
        Map<Integer, Accumulator> groups = new TreeMap<>();
        for (int s = 0; s < scores.size(); s++) {
            int duplicates = model.listLength() - (int) Arrays.stream(values(scores, s)).distinct().count();
            Accumulator acc = groups.computeIfAbsent(duplicates, k -> new Accumulator());
            acc.sequences++;
            for (int i = 0; i < model.listLength(); i++) {
                acc.add(scores, s, i);
            }
        }
        return toGroups(groups);
    }

    private List<EvaluationResult.Group> byGap(SequenceScores scores) {
        Map<Integer, Accumulator> groups = new TreeMap<>();
        for (int s = 0; s < scores.size(); s++) {
            boolean[] seen = new boolean[model.valueCount()];
            for (int i = 1; i < model.listLength(); i++) {
                int gap = scores.answer(s, i) - scores.answer(s, i - 1);
                Accumulator acc = groups.computeIfAbsent(gap, k -> new Accumulator());
                if (!seen[gap]) {
                    seen[gap] = true;
                    acc.sequences++;
                }
                acc.add(scores, s, i);
            }
        }
        return toGroups(groups);
    }

    private List<EvaluationResult.WorstSequence> worst(SequenceScores scores, int count) {
        int n = model.listLength();
        double[] minLogProb = new double[scores.size()];
        int[] where = new int[scores.size()];
        for (int s = 0; s < scores.size(); s++) {
            minLogProb[s] = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (scores.logProb()[s][i] < minLogProb[s]) {
                    minLogProb[s] = scores.logProb()[s][i];
                    where[s] = i;
                }
            }
        }
        // ties (e.g. several sequences at probability ~0) break by held-out index, so the list is deterministic
        int[] order = IntStream.range(0, scores.size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(s -> minLogProb[s]).thenComparingInt(s -> s))
                .limit(count).mapToInt(Integer::intValue).toArray();
        List<EvaluationResult.WorstSequence> out = new ArrayList<>();
        for (int s : order) {
            out.add(new EvaluationResult.WorstSequence(s, values(scores, s), Math.exp(minLogProb[s]), where[s],
                    scores.errors(s)));
        }
        return out;
    }

    private int[] values(SequenceScores scores, int s) {
        return scores.layout().inputs(scores.tokens()[s]);
    }

    private static double median(double[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static List<EvaluationResult.Group> toGroups(Map<Integer, Accumulator> groups) {
        List<EvaluationResult.Group> out = new ArrayList<>();
        groups.forEach((key, acc) -> out.add(new EvaluationResult.Group(key, acc.sequences, acc.tokens,
                (double) acc.right / acc.tokens, acc.lossSum / acc.tokens)));
        return out;
    }

    private static final class Accumulator {
        int sequences;
        long tokens;
        long right;
        double lossSum;

        void add(SequenceScores scores, int s, int i) {
            tokens++;
            right += scores.correct(s, i) ? 1 : 0;
            lossSum -= scores.logProb()[s][i];
        }
    }
}
