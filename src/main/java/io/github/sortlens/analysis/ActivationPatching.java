package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Intervention;
import io.github.sortlens.model.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Activation patching (denoising): which activations, at which positions, carry the information that decides the
 * answer. Each clean example is corrupted ({@link Corruptions}); the corrupted sequence is re-run with one
 * activation at one position replaced by its clean value. Every (target, position) of a pair is one row of a batch,
 * so a pair costs one forward pass of {@code n_ctx * (1 + 3 * n_heads)} rows.
 */
public final class ActivationPatching {

    /** Pairs whose clean and corrupted metric differ by less than this are skipped (the ratio would be noise). */
    static final double MIN_DENOMINATOR = 1e-6;

    private record Target(String label, Hook hook, int head) {
    }

    private record Prepared(String exampleId, Corruptions.Corrupted corrupted, int[] clean, int[] affected) {
    }

    private final ModelRunner runner;
    private final ModelConfig c;
    private final long seed;
    private final List<Target> targets = new ArrayList<>();

    public ActivationPatching(ModelRunner runner, long seed) {
        this.runner = runner;
        this.c = runner.config();
        this.seed = seed;
        targets.add(new Target(Hook.RESID_PRE.tlName(), Hook.RESID_PRE, -1));
        for (int h = 0; h < c.nHeads(); h++) {
            for (Hook hook : List.of(Hook.Z, Hook.PATTERN, Hook.RESULT)) {
                String shortName = hook.tlName().substring(hook.tlName().lastIndexOf('.') + 1);
                targets.add(new Target(Labels.head(h) + " " + shortName, hook, h));
            }
        }
    }

    public PatchingResult compute(ExampleSet examples) {
        Corruptions corruptions = new Corruptions(c);
        SplitMix64 rng = SplitMix64.derive(seed, "corruptions");
        List<Prepared> prepared = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Example e : examples.examples()) {
            for (String kind : Corruptions.KINDS) {
                Optional<Corruptions.Corrupted> x = corruptions.apply(kind, e.tokens(), rng);
                if (x.isEmpty()) {
                    skipped.add(e.id() + " " + kind + ": no corruption of this kind changes the answers");
                    continue;
                }
                prepared.add(new Prepared(e.id(), x.get(), e.tokens(), affected(e.tokens(), x.get().tokens())));
            }
        }
        List<PatchingResult.Pair> pairs = run(prepared, skipped);
        return new PatchingResult(targets.stream().map(Target::label).toList(),
                targets.stream().map(t -> t.hook().tlName()).toList(), Labels.positions(c), pairs,
                byKind(pairs), skipped);
    }

    /**
     * The normalised metric of one pair with {@code hook} patched from the clean run wherever {@code mask} is 1.
     *
     * @param mask [TransformerLens shape of the hook for a batch of 1]
     */
    public double patch(int[] clean, int[] corrupted, Hook hook, Tensor mask) {
        int[] affected = affected(clean, corrupted);
        ActivationCache cleanCache = runner.run(new int[][] {clean}, List.of(hook));
        double cleanDiff = logitDiff(cleanCache.logits(), 0, clean, corrupted, affected);
        double corruptedDiff = logitDiff(runner.run(new int[][] {corrupted}, List.of()).logits(), 0, clean,
                corrupted, affected);
        Intervention iv = Intervention.replace(hook, cleanCache.get(hook), mask);
        Tensor patched = runner.run(new int[][] {corrupted}, List.of(), (from, chunk) -> List.of(iv)).logits();
        return (logitDiff(patched, 0, clean, corrupted, affected) - corruptedDiff) / (cleanDiff - corruptedDiff);
    }

    private List<PatchingResult.Pair> run(List<Prepared> prepared, List<String> skipped) {
        int count = prepared.size();
        int[][] cleanTokens = prepared.stream().map(Prepared::clean).toArray(int[][]::new);
        int[][] corruptTokens = prepared.stream().map(p -> p.corrupted().tokens()).toArray(int[][]::new);
        List<Hook> hooks = List.of(Hook.RESID_PRE, Hook.Z, Hook.PATTERN, Hook.RESULT);
        ActivationCache clean = runner.run(cleanTokens, hooks);
        Tensor corruptLogits = runner.run(corruptTokens, List.of()).logits();

        int perPair = targets.size() * c.nCtx();
        int[][] rows = new int[count * perPair][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = corruptTokens[r / perPair];
        }
        double[] rowDiff = new double[rows.length];
        runner.forEachChunk(rows, List.of(), (from, chunk) -> interventions(from, chunk.length, clean),
                (from, chunk, cache) -> {
                    for (int b = 0; b < chunk.length; b++) {
                        Prepared x = prepared.get((from + b) / perPair);
                        rowDiff[from + b] = logitDiff(cache.logits(), b, x.clean(), x.corrupted().tokens(),
                                x.affected());
                    }
                });

        List<PatchingResult.Pair> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            Prepared x = prepared.get(p);
            double cleanDiff = logitDiff(clean.logits(), p, x.clean(), x.corrupted().tokens(), x.affected());
            double corruptDiff = logitDiff(corruptLogits, p, x.clean(), x.corrupted().tokens(), x.affected());
            if (Math.abs(cleanDiff - corruptDiff) < MIN_DENOMINATOR) {
                skipped.add(x.exampleId() + " " + x.corrupted().kind() + ": clean and corrupted logit differences"
                        + " coincide (" + cleanDiff + "), the normalised metric is undefined");
                continue;
            }
            double[][] normalised = new double[targets.size()][c.nCtx()];
            for (int ti = 0; ti < targets.size(); ti++) {
                for (int pos = 0; pos < c.nCtx(); pos++) {
                    double diff = rowDiff[p * perPair + ti * c.nCtx() + pos];
                    normalised[ti][pos] = (diff - corruptDiff) / (cleanDiff - corruptDiff);
                }
            }
            out.add(new PatchingResult.Pair(x.exampleId(), x.corrupted().kind(), x.corrupted().description(),
                    x.clean().clone(), x.corrupted().tokens().clone(), x.affected().clone(), cleanDiff, corruptDiff,
                    normalised));
        }
        return out;
    }

    /**
     * One intervention per hook for rows {@code from .. from + batch}: row {@code r} belongs to pair
     * {@code r / perPair} and patches target {@code (r % perPair) / n_ctx} at position {@code r % n_ctx}.
     */
    private List<Intervention> interventions(int from, int batch, ActivationCache clean) {
        int t = c.nCtx();
        int perPair = targets.size() * t;
        List<Intervention> out = new ArrayList<>();
        for (Hook hook : List.of(Hook.RESID_PRE, Hook.Z, Hook.PATTERN, Hook.RESULT)) {
            Tensor cleanValues = clean.get(hook);
            int stride = cleanValues.size() / cleanValues.dim(0);   // one sequence's values
            int[] shape = hook.shape(c, batch);
            float[] mask = new float[batch * stride];
            float[] replacement = new float[batch * stride];
            for (int b = 0; b < batch; b++) {
                int row = from + b;
                int pair = row / perPair;
                Target target = targets.get((row % perPair) / t);
                if (target.hook() != hook) {
                    continue;
                }
                System.arraycopy(cleanValues.data(), pair * stride, replacement, b * stride, stride);
                markPosition(mask, b * stride, hook, target.head(), row % t);
            }
            out.add(Intervention.replace(hook, new Tensor(replacement, shape), new Tensor(mask, shape)));
        }
        return out;
    }

    /** Sets the mask of one sequence (starting at {@code base}) to 1 at one position (and head). */
    private void markPosition(float[] mask, int base, Hook hook, int head, int pos) {
        int t = c.nCtx();
        switch (hook) {
            case RESID_PRE -> Arrays.fill(mask, base + pos * c.dModel(), base + (pos + 1) * c.dModel(), 1f);
            case Z -> {
                int at = base + (pos * c.nHeads() + head) * c.dHead();
                Arrays.fill(mask, at, at + c.dHead(), 1f);
            }
            case RESULT -> {
                int at = base + (pos * c.nHeads() + head) * c.dModel();
                Arrays.fill(mask, at, at + c.dModel(), 1f);
            }
            case PATTERN -> {
                int at = base + (head * t + pos) * t;
                Arrays.fill(mask, at, at + t, 1f);
            }
            default -> throw new IllegalArgumentException("patching " + hook.tlName() + " is not supported");
        }
    }

    /** [k] sorted indices whose answer differs between the two sequences. */
    private int[] affected(int[] clean, int[] corrupted) {
        SequenceLayout layout = SequenceLayout.of(c);
        return java.util.stream.IntStream.range(0, c.listLength())
                .filter(i -> layout.answer(clean, i) != layout.answer(corrupted, i)).toArray();
    }

    /** Mean over affected outputs of logit[clean answer] - logit[corrupted answer], from row {@code b}. */
    private double logitDiff(Tensor logits, int b, int[] clean, int[] corrupted, int[] affected) {
        double sum = 0;
        SequenceLayout layout = SequenceLayout.of(c);
        for (int i : affected) {
            int q = layout.predictorOf(i);
            sum += (double) logits.get(b, q, layout.answer(clean, i)) - logits.get(b, q, layout.answer(corrupted, i));
        }
        return sum / affected.length;
    }

    /** What a position is to a clean/corrupted pair: the columns of {@link PatchingResult.KindMean}. */
    public static final List<String> ROLES = List.of("START", "changed input token", "unchanged input tokens",
            "STOP", "changed sorted tokens", "unchanged sorted tokens");

    /** Index in {@link #ROLES} of position {@code pos} for a pair. */
    int role(int pos, int[] clean, int[] corrupted) {
        int n = c.listLength();
        if (pos == 0) {
            return 0;
        }
        if (pos <= n) {
            return clean[pos] != corrupted[pos] ? 1 : 2;
        }
        if (pos == n + 1) {
            return 3;
        }
        return clean[pos] != corrupted[pos] ? 4 : 5;
    }

    private List<PatchingResult.KindMean> byKind(List<PatchingResult.Pair> pairs) {
        List<PatchingResult.KindMean> out = new ArrayList<>();
        for (String kind : Corruptions.KINDS) {
            List<PatchingResult.Pair> ofKind = pairs.stream().filter(p -> p.corruption().equals(kind)).toList();
            double[][] sum = new double[targets.size()][ROLES.size()];
            int[] pairsWithRole = new int[ROLES.size()];
            for (PatchingResult.Pair p : ofKind) {
                double[][] pairSum = new double[targets.size()][ROLES.size()];
                int[] count = new int[ROLES.size()];
                for (int pos = 0; pos < c.nCtx(); pos++) {
                    int r = role(pos, p.cleanTokens(), p.corruptedTokens());
                    count[r]++;
                    for (int ti = 0; ti < sum.length; ti++) {
                        pairSum[ti][r] += p.normalised()[ti][pos];
                    }
                }
                for (int r = 0; r < ROLES.size(); r++) {
                    if (count[r] > 0) {
                        pairsWithRole[r]++;
                        for (int ti = 0; ti < sum.length; ti++) {
                            sum[ti][r] += pairSum[ti][r] / count[r];
                        }
                    }
                }
            }
            double[][] mean = new double[targets.size()][ROLES.size()];
            for (int ti = 0; ti < mean.length; ti++) {
                for (int r = 0; r < ROLES.size(); r++) {
                    mean[ti][r] = pairsWithRole[r] == 0 ? 0 : sum[ti][r] / pairsWithRole[r];
                }
            }
            out.add(new PatchingResult.KindMean(kind, ofKind.size(), ROLES, pairsWithRole, mean));
        }
        return out;
    }
}
