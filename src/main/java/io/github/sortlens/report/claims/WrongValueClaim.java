package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.DecompositionResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static io.github.sortlens.report.claims.ClaimText.and;
import static io.github.sortlens.report.claims.ClaimText.atLeast;
import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/**
 * When the model errs, does it copy a wrong value from the list, or output a value the list does not hold (a blurred
 * read-out)? And which writes put that value ahead of the answer?
 */
public final class WrongValueClaim implements ClaimUnit {

    /** Share of errors whose predicted value is in the list for errors to count as wrong copies. */
    public static final double COPIES_SUPPORTED = 0.9;
    public static final double COPIES_MIXED = 0.5;

    @Override
    public Claim evaluate(Evidence e) {
        DecompositionResult d = e.decomposition();
        long errors = d.errors();
        double inList = errors == 0 ? 0 : 1 - (double) d.errorsNotInList() / errors;
        Claim.Verdict v = errors == 0 ? Claim.Verdict.NOT_SUPPORTED
                : Claim.Verdict.of(inList >= COPIES_SUPPORTED, inList >= COPIES_MIXED);
        String sentence;
        if (errors == 0) {
            sentence = "The model makes no error on the held-out set, so this cannot be tested on this run.";
        } else {
            sentence = "Of the model's " + Num.count(errors) + " held-out errors, " + pct(inList) + " output a value "
                    + "that is in the list and " + pct(1 - inList) + " a value that is not (a blurred read-out, not "
                    + "a wrong copy)." + (d.errorsNotInList() == 0 ? "" : " For those, the parts that put the wrong "
                    + "value ahead of the answer are mostly " + pushers(d) + ".");
        }
        return new Claim("wrong-values", "When the model errs, it copies a wrong value from the list.", sentence,
                pct(inList) + " of errors output a value in the list", "",
                atLeast("that share", COPIES_SUPPORTED, "COPIES_SUPPORTED", COPIES_MIXED, "COPIES_MIXED"), v, "",
                List.of(link("what puts a wrong value ahead", "findings.html#wrong-value-push"),
                        link("the worst examples", "examples/index.html")),
                numbers("errors", errors, "inListShare", inList, "notInList", d.errorsNotInList()));
    }

    /** The two components that push a value outside the list ahead most, with their mean push. */
    static String pushers(DecompositionResult d) {
        List<String> out = new ArrayList<>();
        IntStream.range(0, d.components().size()).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -d.notInListPush()[j]))
                .limit(2).forEach(j -> out.add(d.components().get(j) + " (+" + Num.sig(d.notInListPush()[j]) + ")"));
        return and(out);
    }
}
