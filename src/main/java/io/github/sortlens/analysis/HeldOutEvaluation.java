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
        Accumulator all = new Accumulator();
        for (int s = 0; s < size; s++) {
            for (int i = 0; i < n; i++) {
                all.add(scores, s, i);
            }
        }
        return new EvaluationResult(size, scores.accuracy(), scores.meanLoss(), probSum / probs.length,
                median(sortedProbs), sortedProbs[0], scores.fullySorted(), scores.accuracyByPosition(),
                scores.lossByPosition(), byDuplicates(scores), byGap(scores), worst(scores, worstCount),
                all.tokens - all.right, share(all.notInList, all.tokens - all.right),
                share(all.startOrStop, all.tokens - all.right), duplicatesByGap(scores));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private int duplicates(SequenceScores scores, int s) {
        return model.listLength() - (int) Arrays.stream(values(scores, s)).distinct().count();
    }

    private EvaluationResult.DuplicatesByGap duplicatesByGap(SequenceScores scores) {
        int[] dups = IntStream.range(0, scores.size()).map(s -> duplicates(scores, s)).sorted().toArray();
        int median = dups[(dups.length - 1) / 2];
        Map<Integer, long[]> strata = new TreeMap<>();   // gap -> {many tokens, many errors, few tokens, few errors}
        for (int s = 0; s < scores.size(); s++) {
            int many = duplicates(scores, s) > median ? 0 : 2;
            for (int i = 1; i < model.listLength(); i++) {
                long[] x = strata.computeIfAbsent(scores.answer(s, i) - scores.answer(s, i - 1), k -> new long[4]);
                x[many]++;
                x[many + 1] += scores.correct(s, i) ? 0 : 1;
            }
        }
        List<EvaluationResult.Stratum> out = new ArrayList<>();
        long manyErrors = 0;
        double expected = 0;
        long manyTokens = 0;
        long fewTokens = 0;
        long fewErrors = 0;
        for (Map.Entry<Integer, long[]> e : strata.entrySet()) {
            long[] x = e.getValue();
            out.add(new EvaluationResult.Stratum(e.getKey(), x[0], x[1], x[2], x[3]));
            if (x[2] > 0) {
                manyErrors += x[1];
                expected += x[0] * (double) x[3] / x[2];
                manyTokens += x[0];
                fewTokens += x[2];
                fewErrors += x[3];
            }
        }
        Double standardised = expected > 0 ? manyErrors / expected : null;
        Double crude = fewErrors > 0 && manyTokens > 0
                ? ((double) manyErrors / manyTokens) / ((double) fewErrors / fewTokens) : null;
        return new EvaluationResult.DuplicatesByGap(median, out, manyErrors, expected, standardised, crude);
    }

    private List<EvaluationResult.Group> byDuplicates(SequenceScores scores) {
        Map<Integer, Accumulator> groups = new TreeMap<>();
        for (int s = 0; s < scores.size(); s++) {
            Accumulator acc = groups.computeIfAbsent(duplicates(scores, s), k -> new Accumulator());
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
                (double) acc.right / acc.tokens, acc.lossSum / acc.tokens, acc.tokens - acc.right, acc.notInList,
                acc.startOrStop)));
        return out;
    }

    private static final class Accumulator {
        int sequences;
        long tokens;
        long right;
        double lossSum;

        long notInList;
        long startOrStop;

        void add(SequenceScores scores, int s, int i) {
            tokens++;
            right += scores.correct(s, i) ? 1 : 0;
            lossSum -= scores.logProb()[s][i];
            if (!scores.correct(s, i)) {
                int predicted = scores.predicted()[s][i];
                int[] sequence = scores.tokens()[s];
                notInList += Arrays.stream(scores.layout().inputs(sequence)).noneMatch(v -> v == predicted) ? 1 : 0;
                startOrStop += predicted == sequence[scores.layout().start()]
                        || predicted == sequence[scores.layout().stop()] ? 1 : 0;
            }
        }
    }
}
