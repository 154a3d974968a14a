package io.github.sortlens.testing;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.SweepSpec;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.SweepRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Made-up sweep runs, for the checks of the sweep comparison (what its pages say, their goldens, the browser check):
 * no training, the same numbers on every machine.
 */
public final class SweepFixture {

    private SweepFixture() {
    }

    /** Axes and overrides in the order given (the first axis varies slowest), as the command line gives them. */
    public static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * One made-up run per combination of {@code spec}, run i: claim {@code always} supported everywhere;
     * {@code once-failed} not supported in run 3 only; {@code never} never; in two-head runs head 1 carries everything
     * except in run 12, where head 0 attends best. Circuits are seeded noise ({@code [d_vocab values, d_vocab values]}
     * per head), the phase change of run 5 is missing (NaN).
     */
    public static List<SweepRun> runs(SweepSpec spec) {
        SplittableRandom random = new SplittableRandom(7);
        List<SweepRun> runs = new ArrayList<>();
        for (int i = 0; i < spec.runs().size(); i++) {
            RunConfig c = spec.runs().get(i);
            int values = c.model().valueCount();
            List<SweepRun.Head> heads = new ArrayList<>();
            for (int h = 0; h < c.model().nHeads(); h++) {
                double[][] qk = new double[values][values]; // [query value, key value]
                double[][] ov = new double[values][values]; // [output value, source value]
                for (int a = 0; a < values; a++) {
                    for (int b = 0; b < values; b++) {
                        qk[a][b] = random.nextDouble(-40, 40);
                        ov[a][b] = random.nextDouble(-8, 8);
                    }
                }
                boolean carrier = c.model().nHeads() == 1 || h == 1;
                double top = carrier != (i == 12) ? 0.9 : 0.1;
                heads.add(new SweepRun.Head("L0H" + h, top, top / 2, carrier ? 0.95 : 0.2, carrier ? 0.6 : 0.05,
                        carrier ? 20 : 2, qk, ov));
            }
            Map<SweepRun.Figure, Double> figures = new LinkedHashMap<>();
            for (SweepRun.Figure f : SweepRun.Figure.values()) {
                figures.put(f, f == SweepRun.Figure.PHASE_CHANGE && i == 5 ? Double.NaN
                        : f == SweepRun.Figure.PHASE_CHANGE ? 10_000 + 500 * i : 0.9 + 0.005 * i);
            }
            List<Claim> claims = List.of(claim("always", Claim.Verdict.SUPPORTED),
                    claim("once-failed", i == 3 ? Claim.Verdict.NOT_SUPPORTED : Claim.Verdict.SUPPORTED),
                    claim("never", Claim.Verdict.NOT_SUPPORTED));
            runs.add(new SweepRun("run" + i, spec.combination(i), c.model(), figures, claims, heads,
                    c.model().nHeads() - 1, List.of(new SweepRun.Ingredient("list keys", 0.9),
                    new SweepRun.Ingredient("the direct path", i % 2 == 0 ? 0.02 : 0.001))));
        }
        return runs;
    }

    private static Claim claim(String id, Claim.Verdict v) {
        return new Claim(id, "Hypothesis " + id + ".", "Sentence of " + id + ".", "statistic of " + id, "",
                "test", v, "", List.of(), Map.of());
    }
}
