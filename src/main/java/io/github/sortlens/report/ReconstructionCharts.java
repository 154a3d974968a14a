package io.github.sortlens.report;

import io.github.sortlens.analysis.DecompositionResult;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.ReconstructionResult;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The Findings page's charts of the exact decomposition and the reconstruction: the margin by key role and kind of
 * write, the ladder's agreement, agreement by output against the list-only control, the KL histogram, and what puts
 * a wrong value ahead when the model errs.
 */
final class ReconstructionCharts {

    private ReconstructionCharts() {
    }

    static void add(PageModel.Builder page, MechanismResult m) {
        marginByRole(page, m.decomposition(), m.heads());
        ladder(page, m.reconstruction());
        agreementByOutput(page, m.reconstruction());
        klHistogram(page, m.reconstruction());
        wrongValuePush(page, m.decomposition());
    }

    private static void marginByRole(PageModel.Builder page, DecompositionResult d, List<String> heads) {
        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int h = 0; h < heads.size(); h++) {
            names.add(heads.get(h) + " token write");
            values.add(d.headRoleToken()[h].clone());
            names.add(heads.get(h) + " role write");
            values.add(d.headRolePosition()[h].clone());
            names.add(heads.get(h) + " together");
            values.add(d.headRoleMean()[h].clone());
        }
        Charts.bars(page, "margin-by-role", "The margin by key role and kind of write", "Mean part of the margin "
                        + "(correct token minus runner-up, over " + Num.count(d.outputs()) + " held-out outputs) written "
                        + "by the keys of each role, split into what their value writes (token write) and what their "
                        + "position writes (role write, b_V included), and the two together. The two writes are large and "
                        + "opposite for list keys; 'together' shows what each role adds to the margin. With the direct "
                        + "path and biases these add up to the margin exactly.",
                "key role", d.roles(), Chart.Axis.value("part of the margin", Chart.Format.NUMBER), names, values);
    }

    private static void ladder(PageModel.Builder page, ReconstructionResult r) {
        List<String> labels = r.ladder().stream().map(ReconstructionResult.Rung::label).toList();
        double[] agreement = r.ladder().stream().mapToDouble(ReconstructionResult.Rung::agreement).toArray();
        double[] accuracy = r.ladder().stream().mapToDouble(ReconstructionResult.Rung::accuracy).toArray();
        Charts.bars(page, "ladder", "The reconstruction ladder", "Each rung adds one ingredient to the one before, "
                        + "from the list-only explanation to the full reconstruction: the fraction of held-out outputs "
                        + "where its prediction is the real model's (agreement) and the correct token (accuracy). The "
                        + "table below gives the loss recovered under each baseline.",
                "rung", labels, Chart.Axis.value("fraction of outputs", Chart.Format.PERCENT, 0, 1),
                List.of("agreement with the model", "accuracy"), List.of(agreement, accuracy));
    }

    private static void agreementByOutput(PageModel.Builder page, ReconstructionResult r) {
        ReconstructionResult.Rung full = r.full();
        ReconstructionResult.Rung control = r.ladder().get(0);
        int[] x = IntStream.range(0, full.agreementByOutput().length).toArray();
        Charts.lines(page, "agreement-by-output", "Agreement with the model at each output", "Fraction of held-out "
                        + "outputs where the reconstruction predicts what the real model predicts, at each sorted "
                        + "output: the full reconstruction, and the list-only explanation as the control.",
                "output", Chart.Axis.value("agreement", Chart.Format.PERCENT, 0, 1),
                List.of(new Charts.Line("full reconstruction", x, full.agreementByOutput()),
                        new Charts.Line(control.label() + " (control)", x, control.agreementByOutput())));
    }

    private static void klHistogram(PageModel.Builder page, ReconstructionResult r) {
        List<String> bins = new ArrayList<>();
        double[] edges = r.klEdges();
        for (int b = 0; b <= edges.length; b++) {
            bins.add(b == 0 ? "< " + Num.sig(edges[0]) : b == edges.length ? ">= " + Num.sig(edges[b - 1])
                    : Num.sig(edges[b - 1]) + " to " + Num.sig(edges[b]));
        }
        ReconstructionResult.Rung full = r.full();
        ReconstructionResult.Rung control = r.ladder().get(0);
        Charts.bars(page, "kl-histogram", "How far each output's distribution is from the model's", "Held-out "
                        + "outputs by KL(model || reconstruction) of the next-token distributions, in nats: most mass in "
                        + "the leftmost bins means the reconstruction matches the model's probabilities, not only its "
                        + "top token.",
                "KL (nats)", bins, Chart.Axis.value("fraction of outputs", Chart.Format.PERCENT, 0, 1),
                List.of("full reconstruction", control.label() + " (control)"),
                List.of(fractions(full.klHistogram(), r.outputs()), fractions(control.klHistogram(), r.outputs())));
    }

    private static void wrongValuePush(PageModel.Builder page, DecompositionResult d) {
        Charts.bars(page, "wrong-value-push", "What puts a wrong value ahead", "Over the model's held-out errors, the "
                        + "mean part of logit(predicted) - logit(correct) each component writes: for errors whose "
                        + "predicted value is not in the list (" + Num.count(d.errorsNotInList()) + ") and for wrong "
                        + "values copied from the list (" + Num.count(d.errors() - d.errorsNotInList()) + ").",
                "component", d.components(), Chart.Axis.value("push towards the wrong value", Chart.Format.NUMBER),
                List.of("value not in the list", "value in the list"), List.of(d.notInListPush(), d.inListPush()));
    }

    private static double[] fractions(long[] counts, long total) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return out;
    }

}
