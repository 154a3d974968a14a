package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Chunks;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Intervention;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.model.SortingTransformer;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only analysis code that runs the model. It feeds sequences in chunks (so that a 10,000-sequence pass never
 * holds more than one chunk of activations) and hands back either the whole cache (for small sets such as the
 * example set) or just the scores of the sorted half (for the held-out set).
 */
public final class ModelRunner {

    /** Default sequences per forward pass: large enough to amortise SameDiff's per-op cost, small enough for memory. */
    public static final int DEFAULT_CHUNK = 500;

    /** The interventions for one chunk: {@code tokens} are rows {@code from .. from + tokens.length} of the input. */
    @FunctionalInterface
    public interface ChunkInterventions {
        List<Intervention> forChunk(int from, int[][] tokens);

        ChunkInterventions NONE = (from, tokens) -> List.of();
    }

    private final SortingTransformer model;
    private final ModelConfig config;
    private final Chunks chunks;
    private final Scoring scoring;

    public ModelRunner(Weights weights) {
        this(weights, DEFAULT_CHUNK);
    }

    public ModelRunner(Weights weights, int chunkSize) {
        this.model = new SortingTransformer(weights);
        this.config = weights.config();
        this.chunks = new Chunks(chunkSize);
        this.scoring = new Scoring(config);
    }

    public ModelConfig config() {
        return config;
    }

    public Weights weights() {
        return model.weights();
    }

    public int chunkSize() {
        return chunks.size();
    }

    /** Logits and the requested hooks for every sequence, chunk by chunk, concatenated along the batch axis. */
    public ActivationCache run(int[][] tokens, Collection<Hook> hooks, ChunkInterventions interventions) {
        List<ActivationCache> parts = new ArrayList<>();
        forEachChunk(tokens, hooks, interventions, (from, chunk, cache) -> parts.add(cache));
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Map<Hook, Tensor> joined = new LinkedHashMap<>();
        for (Hook h : parts.get(0).all().keySet()) {
            joined.put(h, concat(parts.stream().map(p -> p.get(h)).toList()));
        }
        return new ActivationCache(joined, concat(parts.stream().map(ActivationCache::logits).toList()));
    }

    /** Logits and hooks for a set small enough to hold (the example set, patching batches), with no intervention. */
    public ActivationCache run(int[][] tokens, Collection<Hook> hooks) {
        return run(tokens, hooks, ChunkInterventions.NONE);
    }

    /**
     * Scores of the sorted half of every sequence, holding one chunk's logits at a time. A chunk's clean activations
     * can be requested through {@code hooks} by an intervention builder that runs first ({@link #runChunk}).
     */
    public SequenceScores score(int[][] tokens, ChunkInterventions interventions) {
        return scoring.score(tokens, chunks,
                (from, chunk) -> model.run(chunk, List.of(), interventions.forChunk(from, chunk)).logits());
    }

    /** Receives one chunk's run: rows {@code from .. from + tokens.length} of the input. */
    @FunctionalInterface
    public interface ChunkConsumer {
        void accept(int from, int[][] tokens, ActivationCache cache);
    }

    /** Runs every chunk with the requested hooks cached and hands each to {@code consumer}, holding one at a time. */
    public void forEachChunk(int[][] tokens, Collection<Hook> hooks, ChunkConsumer consumer) {
        forEachChunk(tokens, hooks, ChunkInterventions.NONE, consumer);
    }

    /** As {@link #forEachChunk(int[][], Collection, ChunkConsumer)}, with interventions applied to each chunk. */
    public void forEachChunk(int[][] tokens, Collection<Hook> hooks, ChunkInterventions interventions,
                             ChunkConsumer consumer) {
        chunks.forEach(tokens, (from, chunk) ->
                consumer.accept(from, chunk, model.run(chunk, hooks, interventions.forChunk(from, chunk))));
    }

    /** End (exclusive) of the chunk starting at {@code from} ({@link Chunks#end}). */
    int chunkEnd(int from, int length) {
        return chunks.end(from, length);
    }

    /** Clean activations at {@code hooks} of one chunk (used by interventions that need the chunk's own values). */
    public ActivationCache runChunk(int[][] chunk, Collection<Hook> hooks) {
        if (chunk.length > chunks.size() + 1) {
            throw new IllegalArgumentException("chunk of " + chunk.length + " sequences exceeds "
                    + (chunks.size() + 1));
        }
        return model.run(chunk, hooks);
    }

    /** Scores of the sorted half from a cache's logits (no model run). */
    public SequenceScores scores(int[][] tokens, Tensor logits) {
        return scoring.score(tokens, logits);
    }

    /** Joins tensors along their first (batch) axis. */
    static Tensor concat(List<Tensor> parts) {
        int[] shape = parts.get(0).shape();
        int rows = 0;
        int size = 0;
        for (Tensor t : parts) {
            rows += t.dim(0);
            size += t.size();
        }
        float[] data = new float[size];
        int at = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, data, at, t.size());
            at += t.size();
        }
        shape[0] = rows;
        return new Tensor(data, shape);
    }
}
