package io.github.sortlens.analysis;

import java.util.List;

/**
 * What each component is worth ({@code ablations.json}): held-out loss and accuracy when one component is knocked
 * out, against the clean model. Zero ablation sets it to 0; mean ablation to its mean over the held-out set; resample
 * ablation to its value on another held-out sequence. Mean and resample keep the component's typical size, so they
 * isolate the information it carries from its mere presence.
 *
 * @param sequences held-out sequences used
 * @param clean     the unablated model on the same sequences
 * @param rows      one row per (component, method), components in order {@code hook_embed, hook_pos_embed, L0H0..},
 *                  methods in order {@code zero, mean, resample}
 */
public record AblationResult(int sequences, Score clean, List<Row> rows) {

    /** The row of one component ablated one way (e.g. {@code L0H0}, {@link Ablations#ZERO}), if it was measured. */
    public java.util.Optional<Row> row(String component, String method) {
        return rows.stream().filter(r -> r.component().equals(component) && r.method().equals(method)).findFirst();
    }

    /**
     * @param loss               mean loss over the sorted half
     * @param accuracy           token accuracy over the sorted half
     * @param lossByPosition     [sorted index] mean loss
     * @param accuracyByPosition [sorted index] token accuracy
     */
    public record Score(double loss, double accuracy, double[] lossByPosition, double[] accuracyByPosition) {
    }

    /**
     * @param component      {@code hook_embed}, {@code hook_pos_embed} or a head label {@code L0H<h>} (its
     *                       {@code blocks.0.attn.hook_result})
     * @param hook           the TransformerLens hook intervened on
     * @param method         {@code zero}, {@code mean} or {@code resample}
     * @param description    exactly what replaced the activation
     * @param ablated        the score with the component ablated
     * @param deltaLoss      ablated loss minus clean loss
     * @param deltaAccuracy  ablated accuracy minus clean accuracy
     * @param deltaLossByPosition     [sorted index]
     * @param deltaAccuracyByPosition [sorted index]
     */
    public record Row(String component, String hook, String method, String description, Score ablated,
                      double deltaLoss, double deltaAccuracy, double[] deltaLossByPosition,
                      double[] deltaAccuracyByPosition) {
    }
}
