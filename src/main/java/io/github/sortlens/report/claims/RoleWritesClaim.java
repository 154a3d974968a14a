package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.DecompositionResult;
import io.github.sortlens.analysis.KeyRole;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.ArrayList;
import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.and;
import static io.github.sortlens.report.claims.ClaimText.atLeast;
import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/**
 * The copying story says the margin comes from the list keys holding the answer. The exact decomposition by key role
 * tests it: what share of the head's margin do the list keys supply, and how much is written by role (position)
 * rather than by value?
 */
public final class RoleWritesClaim implements ClaimUnit {

    /** Share of the head's mean margin the list keys must supply for the copying story to hold. */
    public static final double LIST_MAJORITY = 0.5;
    public static final double LIST_MIXED = 0.25;

    @Override
    public Claim evaluate(Evidence e) {
        DecompositionResult d = e.decomposition();
        int h = e.head();
        double total = 0;
        double tokens = 0;
        double positions = 0;
        for (KeyRole r : KeyRole.values()) {
            total += d.headRoleMean()[h][r.ordinal()];
            tokens += d.headRoleToken()[h][r.ordinal()];
            positions += d.headRolePosition()[h][r.ordinal()];
        }
        double list = d.headRoleMean()[h][KeyRole.LIST.ordinal()];
        double share = total == 0 ? 0 : list / total;
        Claim.Verdict v = Claim.Verdict.of(share >= LIST_MAJORITY, share >= LIST_MIXED);
        List<String> parts = new ArrayList<>();
        for (KeyRole r : KeyRole.values()) {
            parts.add(r.label() + " " + Num.sig(d.headRoleMean()[h][r.ordinal()]) + " (attention "
                    + pct(d.headRoleAttention()[h][r.ordinal()]) + ")");
        }
        String sentence = "Split exactly by key role, " + e.headName() + "'s mean part of the margin, "
                + Num.sig(total) + ", comes from: " + and(parts) + ". The list keys supply " + pct(share)
                + " of it. By kind of write, the keys' token writes give " + Num.sig(tokens) + " and their role "
                + "(position) writes " + Num.sig(positions) + (share < LIST_MAJORITY ? ": the copying story alone "
                + "leaves out most of what sets the margin." : ".");
        return new Claim("list-keys-margin", "The unsorted list's keys supply most of the head's margin.", sentence,
                "list keys' share of " + e.headName() + "'s margin: " + pct(share),
                "", atLeast("that share", LIST_MAJORITY, "LIST_MAJORITY", LIST_MIXED, "LIST_MIXED"), v, "",
                List.of(link("margin by key role", "findings.html#margin-by-role")),
                numbers("headMargin", total, "listShare", share, "tokenWrites", tokens, "roleWrites", positions,
                        "listPart", list, "queryPart", d.headRoleMean()[h][KeyRole.QUERY.ordinal()],
                        "sortedPart", d.headRoleMean()[h][KeyRole.SORTED.ordinal()],
                        "startPart", d.headRoleMean()[h][KeyRole.START.ordinal()],
                        "stopPart", d.headRoleMean()[h][KeyRole.STOP.ordinal()]));
    }
}
