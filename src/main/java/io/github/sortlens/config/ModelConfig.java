package io.github.sortlens.config;

import static io.github.sortlens.config.ConfigException.require;

/**
 * Shape of the 1-layer attention-only transformer (TransformerLens names). Defaults are the seed notebook's.
 *
 * @param dModel  residual stream width
 * @param dHead   width of each head's query, key and value
 * @param nHeads  attention heads in the single layer
 * @param nLayers layers; only 1 is supported (the analyses assume a single attention layer)
 * @param nCtx    sequence length: START, the list, STOP, the sorted list, so {@code (nCtx - 2) / 2} values (where
 *                each sits is the data stage's {@code SequenceLayout})
 * @param dVocab  tokens: values {@code 0 .. dVocab-3}, then START, then STOP
 */
public record ModelConfig(int dModel, int dHead, int nHeads, int nLayers, int nCtx, int dVocab) {

    public static final ModelConfig SEED = new ModelConfig(32, 32, 1, 1, 42, 32);

    public ModelConfig {
        require(dModel >= 1 && dModel <= 4096, ConfigKeys.D_MODEL, dModel, "an integer from 1 to 4096");
        require(dHead >= 1 && dHead <= 4096, ConfigKeys.D_HEAD, dHead, "an integer from 1 to 4096");
        require(nHeads >= 1 && nHeads <= 64, ConfigKeys.N_HEADS, nHeads, "an integer from 1 to 64");
        require(nLayers == 1, ConfigKeys.N_LAYERS, nLayers, "only 1 (a one-layer attention-only model)");
        require(nCtx >= 4 && nCtx <= 1024 && nCtx % 2 == 0, ConfigKeys.N_CTX, nCtx,
                "an even integer from 4 to 1024 (START + list + STOP + sorted list)");
        require(dVocab >= 4 && dVocab <= 4096, ConfigKeys.D_VOCAB, dVocab,
                "an integer from 4 to 4096 (at least two values to sort, plus START and STOP)");
    }

    /** Number of values in each list to sort. */
    public int listLength() {
        return (nCtx - 2) / 2;
    }

    /** Values are drawn from {@code [0, valueCount)}. */
    public int valueCount() {
        return dVocab - 2;
    }

    public int startToken() {
        return dVocab - 2;
    }

    public int stopToken() {
        return dVocab - 1;
    }
}
