package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Intervention;
import io.github.sortlens.model.Patch;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.util.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Activation patching (denoising): which activations, at which positions, carry the information that decides the
 * answer. Each clean sequence is corrupted ({@link Corruptions}: one input token changed, one sorted answer changed);
 * the corrupted sequence is re-run with one activation at one position replaced by its clean value, and the logit
 * difference between the clean and the corrupted answer is read at that one output. Every (target, position) of a
 * pair is one row of a batch, so a pair costs one forward pass of {@code n_ctx * (1 + 3 * n_heads)} rows.
 *
 * <p>Two sets of pairs: one per example and kind (every position, for the example pages), and the summary per kind
 * over pairs made from the first {@link #SUMMARY_SEQUENCES} held-out sequences (fresh data, not the curated edge
 * cases), aligned by what each position is to its pair and, at the query, by output.
 */
public final class ActivationPatching {

    /**
     * Pairs whose clean and corrupted metric differ by less than this fraction of the largest |logit| at the read
     * output (either run) are skipped: float32 logits carry rounding errors proportional to their size, and below
     * this the ratio would be that noise.
     */
    static final double MIN_DENOMINATOR = 1e-4;
    /** Held-out sequences the per-kind summary is made from (fewer when the held-out set is smaller). */
    public static final int SUMMARY_SEQUENCES = 400;

    /** What a position is to a clean/corrupted pair: the columns of {@link PatchingResult.KindMean}. */
    public static final List<String> ROLES = List.of("START", "changed token", "unchanged list tokens", "STOP",
            "earlier sorted tokens", "query (reads the answer)", "after the query");
    public static final int ROLE_CHANGED = 1;
    public static final int ROLE_QUERY = 5;
    public static final int ROLE_AFTER_QUERY = 6;

    /** Each head's patched hooks, in this order after {@code blocks.0.hook_resid_pre}. */
    static final List<Hook> HEAD_HOOKS = List.of(Hook.Q, Hook.K, Hook.V, Hook.Z, Hook.PATTERN, Hook.RESULT);
    /** Every hook a target patches. */
    private static final List<Hook> HOOKS = List.of(Hook.RESID_PRE, Hook.Q, Hook.K, Hook.V, Hook.Z, Hook.PATTERN,
            Hook.RESULT);

    /**
     * What the architecture of a one-layer attention-only model (and the corruption's own design) forces a summary
     * cell to be, whatever the weights: such a number says nothing about the model and supports no claim.
     */
    public enum ByConstruction {
        /** Not forced: the cell measures the model. */
        NO,
        /** Exactly 0: the activation is the same in both runs, or it reaches no logit at the read output. */
        ZERO,
        /** Exactly 1: everything that differs between the runs passes through this activation. */
        ONE,
        /**
         * Not forced, but close to 0 for any head that sorts, by the corruption's design: a list-value corruption
         * keeps the changed value's rank, so a sorting head attends to the same key in both runs and its pattern
         * hardly differs. An untrained or non-sorting head can score far from 0 here, so the cell does measure the
         * model, but a value near 0 supports no claim of its own.
         */
        NEAR_ZERO_IF_SORTING
    }

    private record Target(String label, Hook hook, int head) {
    }

    private record Prepared(String exampleId, Corruptions.Corrupted corrupted, int[] clean) {

        int query(ModelConfig c) {
            return SequenceLayout.of(c).predictorOf(corrupted.readOutput());
        }
    }

    /** A pair run: the raw metric on both runs, whether the corrupted run predicts its answer, and every patch. */
    private record Measured(Prepared prepared, double cleanDiff, double corruptDiff, boolean followsCorrupted,
                            double[][] normalised) {
    }

    private final ModelRunner runner;
    private final ModelConfig c;
    private final long seed;
    private final int threads;
    private final List<Target> targets = new ArrayList<>();

    public ActivationPatching(ModelRunner runner, long seed) {
        this(runner, seed, Parallel.threads());
    }

    /**
     * @param threads sets of pairs measured at once (the example pairs and each kind's summary pairs are independent;
     *                each extra thread runs its own copy of the model, and the result is the serial one)
     */
    public ActivationPatching(ModelRunner runner, long seed, int threads) {
        this.threads = threads;
        this.runner = runner;
        this.c = runner.config();
        this.seed = seed;
        targets.add(new Target(Hook.RESID_PRE.tlName(), Hook.RESID_PRE, Patch.ALL_HEADS));
        for (int h = 0; h < c.nHeads(); h++) {
            for (Hook hook : HEAD_HOOKS) {
                String shortName = hook.tlName().substring(hook.tlName().lastIndexOf('.') + 1);
                targets.add(new Target(Labels.head(h) + " " + shortName, hook, h));
            }
        }
    }

    /**
     * @param examples the example set (one pair per example and kind, kept whole for the example pages)
     * @param heldOut  held-out sequences; the first {@link #SUMMARY_SEQUENCES} make the per-kind summary
     */
    public PatchingResult compute(ExampleSet examples, int[][] heldOut) {
        Corruptions corruptions = new Corruptions(c);
        SplitMix64 rng = SplitMix64.derive(seed, "corruptions");
        List<Prepared> prepared = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Example e : examples.examples()) {
            for (String kind : Corruptions.KINDS) {
                Optional<Corruptions.Corrupted> x = corruptions.apply(kind, e.tokens(), rng);
                if (x.isEmpty()) {
                    skipped.add(e.id() + " " + kind + ": no corruption of this kind exists for this list");
                    continue;
                }
                prepared.add(new Prepared(e.id(), x.get(), e.tokens()));
            }
        }
        int[][] sample = Arrays.copyOf(heldOut, Math.min(SUMMARY_SEQUENCES, heldOut.length));
        List<List<Prepared>> work = new ArrayList<>();
        work.add(prepared);
        work.addAll(summaryPairs(sample, corruptions));
        List<Integer> sets = java.util.stream.IntStream.range(0, work.size()).boxed().toList();
        List<List<Measured>> measured = Parallel.map(sets, threads,
                i -> measure(i == 0 || threads == 1 ? runner : new ModelRunner(runner.weights(), runner.chunkSize()),
                        work.get(i), i == 0));
        List<PatchingResult.Pair> pairs = new ArrayList<>();
        for (Measured m : measured.get(0)) {
            Prepared x = m.prepared();
            if (m.normalised() == null) {
                skipped.add(x.exampleId() + " " + x.corrupted().kind() + ": clean and corrupted logit differences"
                        + " coincide within float32 precision (" + m.cleanDiff() + " and " + m.corruptDiff()
                        + "), the normalised metric is undefined");
                continue;
            }
            Corruptions.Corrupted k = x.corrupted();
            pairs.add(new PatchingResult.Pair(x.exampleId(), k.kind(), k.description(), x.clean().clone(),
                    k.tokens().clone(), k.changedPosition(), k.readOutput(), k.cleanAnswer(), k.corruptedAnswer(),
                    m.cleanDiff(), m.corruptDiff(), m.normalised()));
        }
        List<PatchingResult.KindMean> summaries = new ArrayList<>();
        for (int k = 0; k < Corruptions.KINDS.size(); k++) {
            summaries.add(summary(Corruptions.KINDS.get(k), sample.length,
                    measured.get(1 + k).stream().filter(m -> m.normalised() != null).toList()));
        }
        return new PatchingResult(targets.stream().map(Target::label).toList(),
                targets.stream().map(t -> t.hook().tlName()).toList(), Labels.positions(c), pairs, summaries, skipped);
    }

    /** The pairs of each kind's summary (in {@link Corruptions#KINDS} order), made from {@code sample}. */
    private List<List<Prepared>> summaryPairs(int[][] sample, Corruptions corruptions) {
        SplitMix64 rng = SplitMix64.derive(seed, "held-out corruptions");
        List<List<Prepared>> out = new ArrayList<>();
        for (String kind : Corruptions.KINDS) {
            List<Prepared> prepared = new ArrayList<>();
            for (int s = 0; s < sample.length; s++) {
                int[] clean = sample[s];
                corruptions.apply(kind, clean, rng).ifPresent(x -> prepared.add(new Prepared("", x, clean)));
            }
            out.add(prepared);
        }
        return out;
    }

    /**
     * The normalised metric of one pair with {@code hook} patched from the clean run wherever {@code mask} is 1.
     *
     * @param mask [TransformerLens shape of the hook for a batch of 1]
     */
    public double patch(int[] clean, Corruptions.Corrupted corrupted, Hook hook, Tensor mask) {
        Prepared x = new Prepared("", corrupted, clean);
        ActivationCache cleanCache = runner.run(new int[][] {clean}, List.of(hook));
        double cleanDiff = logitDiff(cleanCache.logits(), 0, x);
        double corruptedDiff = logitDiff(runner.run(new int[][] {corrupted.tokens()}, List.of()).logits(), 0, x);
        Intervention iv = Intervention.replace(hook, cleanCache.get(hook), mask);
        Tensor patched = runner.run(new int[][] {corrupted.tokens()}, List.of(), (from, chunk) -> List.of(iv))
                .logits();
        return (logitDiff(patched, 0, x) - corruptedDiff) / (cleanDiff - corruptedDiff);
    }

    /**
     * The (target, position) cells a pair is patched at. {@code everywhere}: every cell (the example pages). Otherwise
     * only the cells that can move the read output in a one-layer attention-only model: the residual stream at the
     * positions up to the query (they feed its keys and values), each head's keys and values at the changed position
     * (elsewhere they are the same in both runs) and at the query, and each head's other activations at the query
     * itself (a head's output at another position reaches only that position's logits). The others are exactly 0; the
     * test suite checks that on fully patched pairs.
     */
    private List<int[]> cells(Prepared x, boolean everywhere) {
        List<int[]> out = new ArrayList<>();
        int query = x.query(c);
        for (int ti = 0; ti < targets.size(); ti++) {
            for (int pos = 0; pos < c.nCtx(); pos++) {
                boolean moves = switch (targets.get(ti).hook()) {
                    case RESID_PRE -> pos <= query;
                    case K, V -> pos == query || pos == x.corrupted().changedPosition();
                    default -> pos == query;
                };
                if (everywhere || moves) {
                    out.add(new int[] {ti, pos});
                }
            }
        }
        return out;
    }

    /** One patched run: pair index, target index, position. */
    private record Cell(int pair, int target, int position) {
    }

    /**
     * Runs every pair clean, corrupted, and once per patched (target, position) cell; {@code normalised} is null when
     * the metric is 0/0, and 0 at cells not run (see {@link #cells}).
     */
    private List<Measured> measure(ModelRunner runner, List<Prepared> prepared, boolean everywhere) {
        int count = prepared.size();
        if (count == 0) {
            return List.of();
        }
        int[][] cleanTokens = prepared.stream().map(Prepared::clean).toArray(int[][]::new);
        int[][] corruptTokens = prepared.stream().map(p -> p.corrupted().tokens()).toArray(int[][]::new);
        ActivationCache clean = runner.run(cleanTokens, HOOKS);
        Tensor corruptLogits = runner.run(corruptTokens, List.of()).logits();

        List<Cell> cells = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            for (int[] cell : cells(prepared.get(p), everywhere)) {
                cells.add(new Cell(p, cell[0], cell[1]));
            }
        }
        int[][] rows = cells.stream().map(cell -> corruptTokens[cell.pair()]).toArray(int[][]::new);
        double[] rowDiff = new double[rows.length];
        runner.forEachChunk(rows, List.of(), (from, chunk) -> interventions(cells, from, chunk.length, clean),
                (from, chunk, cache) -> {
                    for (int b = 0; b < chunk.length; b++) {
                        rowDiff[from + b] = logitDiff(cache.logits(), b, prepared.get(cells.get(from + b).pair()));
                    }
                });

        List<Measured> out = new ArrayList<>();
        double[][][] normalised = new double[count][targets.size()][c.nCtx()];
        double[] cleanDiff = new double[count];
        double[] corruptDiff = new double[count];
        for (int p = 0; p < count; p++) {
            cleanDiff[p] = logitDiff(clean.logits(), p, prepared.get(p));
            corruptDiff[p] = logitDiff(corruptLogits, p, prepared.get(p));
        }
        for (int r = 0; r < rows.length; r++) {
            Cell cell = cells.get(r);
            int p = cell.pair();
            normalised[p][cell.target()][cell.position()] =
                    (rowDiff[r] - corruptDiff[p]) / (cleanDiff[p] - corruptDiff[p]);
        }
        for (int p = 0; p < count; p++) {
            Prepared x = prepared.get(p);
            boolean follows = Scoring.argmax(corruptLogits, p, x.query(c)) == x.corrupted().corruptedAnswer();
            double scale = Math.max(maxAbs(clean.logits(), p, x.query(c)), maxAbs(corruptLogits, p, x.query(c)));
            boolean defined = Math.abs(cleanDiff[p] - corruptDiff[p]) >= MIN_DENOMINATOR * scale;
            out.add(new Measured(x, cleanDiff[p], corruptDiff[p], follows, defined ? normalised[p] : null));
        }
        return out;
    }

    /** One intervention per hook for rows {@code from .. from + batch}: row {@code r} patches {@code cells[r]}. */
    private List<Intervention> interventions(List<Cell> cells, int from, int batch, ActivationCache clean) {
        List<Intervention> out = new ArrayList<>();
        for (Hook hook : HOOKS) {
            Tensor cleanValues = clean.get(hook);
            int stride = cleanValues.size() / cleanValues.dim(0);   // one sequence's values
            Patch patch = new Patch(hook, c, batch);
            float[] replacement = new float[batch * stride];
            for (int b = 0; b < batch; b++) {
                Cell cell = cells.get(from + b);
                Target target = targets.get(cell.target());
                if (target.hook() != hook) {
                    continue;
                }
                System.arraycopy(cleanValues.data(), cell.pair() * stride, replacement, b * stride, stride);
                patch.mark(b, cell.position(), target.head());
            }
            out.add(patch.replaceWith(new Tensor(replacement, patch.shape())));
        }
        return out;
    }

    /** logit[clean answer] - logit[corrupted answer] at the read output's query, from row {@code b}. */
    private double logitDiff(Tensor logits, int b, Prepared x) {
        int q = x.query(c);
        Corruptions.Corrupted k = x.corrupted();
        return (double) logits.get(b, q, k.cleanAnswer()) - logits.get(b, q, k.corruptedAnswer());
    }

    /** max |logit| of row {@code b} at position {@code pos}. */
    private static double maxAbs(Tensor logits, int b, int pos) {
        double max = 0;
        for (int v = 0; v < logits.dim(2); v++) {
            max = Math.max(max, Math.abs(logits.get(b, pos, v)));
        }
        return max;
    }

    /** Index in {@link #ROLES} of position {@code pos} for a pair whose changed token and query are given. */
    int role(int pos, int changedPosition, int query) {
        if (pos == query) {
            return ROLE_QUERY;
        }
        if (pos == changedPosition) {
            return ROLE_CHANGED;
        }
        return switch (SequenceLayout.of(c).role(pos)) {
            case START -> 0;
            case INPUT -> 2;
            case STOP -> 3;
            case OUTPUT -> pos < query ? 4 : 6;
        };
    }

    private PatchingResult.KindMean summary(String kind, int sequences, List<Measured> measured) {
        int roles = ROLES.size();
        int n = c.listLength();
        double[][] sum = new double[targets.size()][roles];
        int[] pairsWithRole = new int[roles];
        double[][] atQuery = new double[targets.size()][n];
        int[] pairsByOutput = new int[n];
        double follows = 0;
        int up = 0;
        double followsUp = 0;
        double cleanDiff = 0;
        double corruptDiff = 0;
        for (Measured m : measured) {
            Corruptions.Corrupted x = m.prepared().corrupted();
            int query = m.prepared().query(c);
            double[][] pairSum = new double[targets.size()][roles];
            int[] count = new int[roles];
            for (int pos = 0; pos < c.nCtx(); pos++) {
                int r = role(pos, x.changedPosition(), query);
                count[r]++;
                for (int ti = 0; ti < targets.size(); ti++) {
                    pairSum[ti][r] += m.normalised()[ti][pos];
                }
            }
            for (int r = 0; r < roles; r++) {
                if (count[r] > 0) {
                    pairsWithRole[r]++;
                    for (int ti = 0; ti < targets.size(); ti++) {
                        sum[ti][r] += pairSum[ti][r] / count[r];
                    }
                }
            }
            pairsByOutput[x.readOutput()]++;
            for (int ti = 0; ti < targets.size(); ti++) {
                atQuery[ti][x.readOutput()] += m.normalised()[ti][query];
            }
            follows += m.followsCorrupted() ? 1 : 0;
            if (x.corruptedAnswer() > x.cleanAnswer()) {
                up++;
                followsUp += m.followsCorrupted() ? 1 : 0;
            }
            cleanDiff += m.cleanDiff();
            corruptDiff += m.corruptDiff();
        }
        for (int ti = 0; ti < targets.size(); ti++) {
            for (int r = 0; r < roles; r++) {
                sum[ti][r] = pairsWithRole[r] == 0 ? 0 : sum[ti][r] / pairsWithRole[r];
            }
            for (int j = 0; j < n; j++) {
                atQuery[ti][j] = pairsByOutput[j] == 0 ? 0 : atQuery[ti][j] / pairsByOutput[j];
            }
        }
        int pairs = measured.size();
        double[][] split = changedKeySplit(measured);
        ByConstruction[][] forced = new ByConstruction[targets.size()][roles];
        for (int ti = 0; ti < targets.size(); ti++) {
            for (int r = 0; r < roles; r++) {
                forced[ti][r] = byConstruction(kind, targets.get(ti).hook(), r, c.nHeads());
            }
        }
        return new PatchingResult.KindMean(kind, sequences, pairs, pairs == 0 ? 0 : follows / pairs, up,
                up == 0 ? 0 : followsUp / up, pairs == up ? 0 : (follows - followsUp) / (pairs - up),
                pairs == 0 ? 0 : cleanDiff / pairs, pairs == 0 ? 0 : corruptDiff / pairs, ROLES, pairsWithRole, sum,
                pairsByOutput, atQuery, split[0], split[1], split[2], forced);
    }

    /**
     * Per head, the mean restored fraction of patching {@code hook_k} and {@code hook_v} at the changed position (the
     * query itself under {@link Corruptions#PREVIOUS_OUTPUT}) and {@code hook_q} at the query.
     *
     * @return [k | v | q][head]
     */
    private double[][] changedKeySplit(List<Measured> measured) {
        double[][] out = new double[3][c.nHeads()];
        for (int h = 0; h < c.nHeads(); h++) {
            int k = targetIndex(Hook.K, h);
            int v = targetIndex(Hook.V, h);
            int q = targetIndex(Hook.Q, h);
            for (Measured m : measured) {
                int changed = m.prepared().corrupted().changedPosition();
                out[0][h] += m.normalised()[k][changed] / measured.size();
                out[1][h] += m.normalised()[v][changed] / measured.size();
                out[2][h] += m.normalised()[q][m.prepared().query(c)] / measured.size();
            }
        }
        return out;
    }

    private int targetIndex(Hook hook, int head) {
        for (int ti = 0; ti < targets.size(); ti++) {
            if (targets.get(ti).hook() == hook && targets.get(ti).head() == head) {
                return ti;
            }
        }
        throw new IllegalArgumentException("no target " + hook.tlName() + " of head " + head);
    }

    /**
     * What the architecture forces the summary cell of {@code hook} at a position of {@code role} to be under a
     * corruption of {@code kind}, in a one-layer attention-only model with {@code nHeads} heads. The corrupted
     * sequence differs from the clean one at one position only, so the residual stream there restores everything and
     * elsewhere nothing; keys and values differ only at that position; queries only when it is the query; a head's
     * pattern, output and result reach only their own position's logits; positions after the query are masked.
     * Under a list-value corruption the query's token is unchanged, so a single head's output at the query carries
     * the whole change (its direct path is the same in both runs).
     */
    public static ByConstruction byConstruction(String kind, Hook hook, int role, int nHeads) {
        boolean changedIsQuery = kind.equals(Corruptions.PREVIOUS_OUTPUT);
        int changedRole = changedIsQuery ? ROLE_QUERY : ROLE_CHANGED;
        if (role == ROLE_AFTER_QUERY) {
            return ByConstruction.ZERO;
        }
        if (hook == Hook.RESID_PRE) {
            return role == changedRole ? ByConstruction.ONE : ByConstruction.ZERO;
        }
        if (role != changedRole && role != ROLE_QUERY) {
            return ByConstruction.ZERO;
        }
        if (changedIsQuery) {
            return ByConstruction.NO;   // the query's own token changed: every head hook there differs
        }
        if (role == ROLE_CHANGED) {
            return hook == Hook.K || hook == Hook.V ? ByConstruction.NO : ByConstruction.ZERO;
        }
        return switch (hook) {   // the query under a list-value corruption
            case Q, K, V -> ByConstruction.ZERO;
            case Z, RESULT -> nHeads == 1 ? ByConstruction.ONE : ByConstruction.NO;
            case PATTERN -> ByConstruction.NEAR_ZERO_IF_SORTING;
            default -> throw new IllegalArgumentException("not a patched hook: " + hook.tlName());
        };
    }
}
