package io.github.sortlens.analysis;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a reconstruction is made of: which key roles the heads read, what the keys write, whether the direct path and
 * the biases are added, and which simpler rules (stated in words on the Findings page) replace the exact tables.
 *
 * @param id          stable id, e.g. {@code full}, {@code without-sorted}
 * @param label       what it is, in a few words
 * @param roles       the key roles each head may attend to (softmax over the visible keys of these roles only)
 * @param tokenWrites keys write their token's OV row ({@code W_E[t] W_V W_O W_U})
 * @param roleWrites  keys write their role's position write ({@code (mean W_pos of the role) W_V + b_V}, through
 *                    {@code W_O W_U}; START, STOP and the query exact)
 * @param direct      the direct path
 * @param biases      {@code b_O W_U + b_U}
 * @param rules       simpler rules substituted for the exact tables
 * @param realPattern use the real model's attention pattern instead of the reconstructed one (a diagnostic that
 *                    separates where the heads look from what the keys write)
 */
public record Recipe(String id, String label, Set<KeyRole> roles, boolean tokenWrites, boolean roleWrites,
                     Direct direct, boolean biases, Set<Rule> rules, boolean realPattern) {

    public Recipe {
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(KeyRole.class) : EnumSet.copyOf(roles));
        rules = Collections.unmodifiableSet(rules.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(rules));
    }

    /** The direct path {@code (W_E[tok_q] + W_pos[q]) W_U} at the query. */
    public enum Direct {
        /** Left out. */
        NONE,
        /** The token part averaged over the held-out set at each output position; the position part exact. */
        MEAN,
        /** Exact: a table of previous token by output position. */
        EXACT
    }

    /** A rule in words, substituted into the reconstruction to test it. */
    public enum Rule {
        /** The token-token part of the score is the query row's mean plus a function of key value minus query
         * value only (the mean of the row-centred score over value pairs with that difference). */
        BAND_SCORE("the score's token part ranks keys by key value minus previous value alone"),
        /** The token write is what every source writes alike (each output's mean over sources) plus one bump shape
         * moved along the values (the mean of the rest over value pairs with the same output minus source). */
        BUMP_WRITE("the token write is a shared part plus one bump shape, shifted to each value"),
        /** Each role's position write over the value outputs is a straight line (least squares). */
        RAMP_ROLE_WRITE("each role's position write is a straight ramp over the values"),
        /** The token write over values is replaced by its best rank-2 approximation. */
        RANK_TWO_WRITE("the token write has rank 2");

        private final String sentence;

        Rule(String sentence) {
            this.sentence = sentence;
        }

        /** The rule as the page states it. */
        public String sentence() {
            return sentence;
        }
    }

    private static final Set<KeyRole> ALL = EnumSet.allOf(KeyRole.class);

    /** Every ingredient, nothing substituted: the full reconstruction. */
    public static Recipe full() {
        return new Recipe("full", "full reconstruction", ALL, true, true, Direct.EXACT, true, Set.of(), false);
    }

    /**
     * The ladder: one rung per ingredient, from the list-only model (list keys, token write; the mechanism as the
     * first release stated it) up to the full reconstruction.
     */
    public static List<Recipe> ladder() {
        Set<KeyRole> list = EnumSet.of(KeyRole.LIST);
        Set<KeyRole> self = EnumSet.of(KeyRole.LIST, KeyRole.QUERY);
        Set<KeyRole> sorted = EnumSet.of(KeyRole.LIST, KeyRole.QUERY, KeyRole.SORTED);
        return List.of(
                new Recipe("list-only", "list keys, token write", list, true, false, Direct.NONE, false, Set.of(),
                        false),
                new Recipe("plus-query", "+ the query's own key", self, true, false, Direct.NONE, false, Set.of(),
                        false),
                new Recipe("plus-sorted", "+ earlier sorted keys", sorted, true, false, Direct.NONE, false, Set.of(),
                        false),
                new Recipe("plus-start-stop", "+ START and STOP keys", ALL, true, false, Direct.NONE, false,
                        Set.of(), false),
                new Recipe("plus-role-writes", "+ role writes", ALL, true, true, Direct.NONE, false, Set.of(), false),
                new Recipe("plus-mean-direct", "+ mean direct path and biases", ALL, true, true, Direct.MEAN, true,
                        Set.of(), false),
                full());
    }

    /** The full reconstruction without one ingredient each. */
    public static List<Recipe> leaveOneOut() {
        Recipe f = full();
        return List.of(
                without(f, KeyRole.LIST, "list keys"),
                without(f, KeyRole.QUERY, "the query's own key"),
                without(f, KeyRole.SORTED, "earlier sorted keys"),
                new Recipe("without-start-stop", "without START and STOP keys",
                        EnumSet.of(KeyRole.LIST, KeyRole.QUERY, KeyRole.SORTED), true, true, Direct.EXACT, true,
                        Set.of(), false),
                new Recipe("without-token-writes", "without token writes", ALL, false, true, Direct.EXACT, true,
                        Set.of(), false),
                new Recipe("without-role-writes", "without role writes", ALL, true, false, Direct.EXACT, true,
                        Set.of(), false),
                new Recipe("without-direct", "without the direct path", ALL, true, true, Direct.NONE, true, Set.of(),
                        false),
                new Recipe("without-biases", "without b_O and b_U", ALL, true, true, Direct.EXACT, false, Set.of(),
                        false));
    }

    /** The full reconstruction with one rule in words substituted each. */
    public static List<Recipe> substitutions() {
        return java.util.Arrays.stream(Rule.values())
                .map(r -> new Recipe("rule-" + r.name().toLowerCase().replace('_', '-'), r.sentence(), ALL, true, true,
                        Direct.EXACT, true, EnumSet.of(r), false))
                .toList();
    }

    /** The full reconstruction's writes with the real attention pattern. */
    public static Recipe realPatternControl() {
        return new Recipe("real-pattern", "full writes, the model's own attention", ALL, true, true, Direct.EXACT,
                true, Set.of(), true);
    }

    private static Recipe without(Recipe f, KeyRole role, String what) {
        Set<KeyRole> roles = EnumSet.copyOf(f.roles());
        roles.remove(role);
        return new Recipe("without-" + role.name().toLowerCase(), "without " + what, roles, true, true, Direct.EXACT,
                true, Set.of(), false);
    }
}
