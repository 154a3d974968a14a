package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/** What the head moves: its OV circuit copies the attended value. */
public final class CopyingClaim implements ClaimUnit {

    /** Copying score and centred-OV diagonal fraction for a copying head. */
    public static final double COPY_SUPPORTED = 0.9;
    public static final double COPY_MIXED = 0.5;
    /** Above this share of the sum of |eigenvalues|, one eigenvalue dominates the copying score. */
    public static final double DOMINANT_EIGEN_SHARE = 0.5;

    @Override
    public Claim evaluate(Evidence e) {
        CircuitsResult.HeadCircuits h = e.circuits().heads().get(e.head());
        double share = largestEigenShare(h);
        double first = h.eigenReal().length > 0 ? Math.hypot(h.eigenReal()[0], h.eigenImag()[0]) : 0;
        double second = h.eigenReal().length > 1 ? Math.hypot(h.eigenReal()[1], h.eigenImag()[1]) : 0;
        double score = h.copyingScore();
        double diag = h.ovDiagonalArgmaxFraction();
        Claim.Verdict v = Claim.Verdict.of(score >= COPY_SUPPORTED && diag >= COPY_SUPPORTED,
                score >= COPY_MIXED && diag >= COPY_MIXED);
        String sentence = "The OV circuit of " + e.headName() + " has a copying score of " + Num.fixed(score, 3)
                + "; its largest eigenvalue carries " + pct(share) + " of the sum of |eigenvalues| (" + Num.sig(first)
                + " against " + Num.sig(second) + " next)" + (share > DOMINANT_EIGEN_SHARE
                ? ", so the score mostly reflects one direction" : "") + ". With each output's mean over sources "
                + "removed (centred), a source value's OV row peaks on that same value for " + pct(diag)
                + " of values, by a mean z-score of " + Num.fixed(h.ovDiagonalZScoreMean(), 2) + ".";
        return new Claim("ov-copies", "The OV circuit copies the attended value: each value's row peaks on itself.",
                sentence, "copying score " + Num.fixed(score, 3) + "; centred OV rows peaking on their own value "
                        + pct(diag),
                ClaimText.baseline(e, x -> x.copyingScore(), y -> Num.fixed(y, 3), "value rows of the OV map permuted",
                        "a random OV map has a copying score near 0") + " (copying score); "
                        + ClaimText.baseline(e, x -> x.ovDiagonalFraction(), ClaimText::pct, "permuted",
                        "about 1 value in " + e.c().valueCount()) + " (rows peaking on their own value)",
                "supported if both are at least " + pct(COPY_SUPPORTED) + " (COPY_SUPPORTED), mixed if both are "
                        + "at least " + pct(COPY_MIXED) + " (COPY_MIXED)", v, "",
                List.of(link("centred OV token block", "circuits.html#ov-token-block"),
                        link("OV eigenvalues", "circuits.html#eigenvalues")),
                numbers("copyingScore", score, "largestEigenShare", share, "largestEigen", first,
                        "secondEigen", second, "diagonalFraction", diag, "diagonalZScore", h.ovDiagonalZScoreMean()));
    }

    /** |lambda_1| / sum |lambda|: how much one eigenvalue dominates the copying score. */
    static double largestEigenShare(CircuitsResult.HeadCircuits h) {
        double sum = 0;
        for (int i = 0; i < h.eigenReal().length; i++) {
            sum += Math.hypot(h.eigenReal()[i], h.eigenImag()[i]);
        }
        return sum == 0 ? 0 : Math.hypot(h.eigenReal()[0], h.eigenImag()[0]) / sum;
    }
}
