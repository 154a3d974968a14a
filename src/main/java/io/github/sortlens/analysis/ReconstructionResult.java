package io.github.sortlens.analysis;

import java.util.List;

/**
 * How much of the real model a model built from the findings reproduces ({@link ReconstructedModel}), measured on
 * every held-out output: the ladder (one rung per ingredient), the full reconstruction without one ingredient each,
 * and the full reconstruction with each rule in words substituted.
 *
 * @param outputs        held-out outputs measured (sequences x list length)
 * @param modelLoss      the real model's mean cross-entropy of the correct token
 * @param baselines      [baseline] {@code zero, mean, resample}: every head's {@code hook_result} zeroed (b_O kept),
 *                       replaced by its mean over the held-out set at the same position, or taken from the next
 *                       held-out sequence (cyclically within each chunk of the model runner)
 * @param baselineLoss   [baseline] mean cross-entropy under each baseline
 * @param klEdges        [bin - 1] upper edges of the KL histogram's bins (nats); the last bin is open
 * @param ladder         the rungs, from the list-only model to the full reconstruction (the last rung)
 * @param leaveOneOut    the full reconstruction without one ingredient each
 * @param substitutions  the full reconstruction with one rule in words substituted each
 * @param realPattern    the full reconstruction's writes with the model's own attention pattern (a control)
 * @param modelErrors    held-out outputs the real model gets wrong
 * @param errorsRepeated fraction of those where the full reconstruction predicts the same wrong token
 */
public record ReconstructionResult(long outputs, double modelLoss, List<String> baselines, double[] baselineLoss,
                                   double[] klEdges, List<Rung> ladder, List<Rung> leaveOneOut,
                                   List<Rung> substitutions, Rung realPattern, long modelErrors,
                                   double errorsRepeated) {

    /**
     * One reconstruction measured against the real model.
     *
     * @param id                {@link Recipe#id}
     * @param label             {@link Recipe#label}
     * @param agreement         fraction of outputs whose argmax over the whole vocabulary equals the model's
     * @param accuracy          fraction whose argmax is the correct token
     * @param loss              mean cross-entropy of the correct token
     * @param lossRecovered     [baseline] {@code (L_base - L_recon) / (L_base - L_model)}
     * @param agreementByOutput [output] agreement at each output
     * @param klHistogram       [bin] outputs by KL(model || reconstruction) of their next-token distributions
     * @param klMean            mean of that KL (nats)
     */
    public record Rung(String id, String label, double agreement, double accuracy, double loss,
                       double[] lossRecovered, double[] agreementByOutput, long[] klHistogram, double klMean) {
    }

    /** The full reconstruction: the ladder's last rung. */
    public Rung full() {
        return ladder.get(ladder.size() - 1);
    }

    /** A rung of the ladder by id. */
    public Rung rung(String id) {
        return ladder.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no rung " + id));
    }
}
