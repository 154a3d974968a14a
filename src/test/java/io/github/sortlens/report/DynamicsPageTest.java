package io.github.sortlens.report;

import io.github.sortlens.analysis.DynamicsResult;
import io.github.sortlens.analysis.PhaseChange;
import io.github.sortlens.analysis.TrainingDynamics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sentence on how much of fully sorted's jump is the n-th power of token accuracy, on made-up curves. */
class DynamicsPageTest {

    private static final int N = 20;
    private static final int[] STEPS = {0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};

    private static DynamicsResult dynamics(double[] accuracy, double[] sorted) {
        double[] power = new double[accuracy.length];
        for (int i = 0; i < power.length; i++) {
            power[i] = Math.pow(accuracy[i], N);
        }
        List<DynamicsResult.Measure> measures = List.of(
                new DynamicsResult.Measure(TrainingDynamics.ACCURACY, "token accuracy", "", "percent", accuracy),
                new DynamicsResult.Measure(TrainingDynamics.FULLY_SORTED, "fully sorted", "", "percent", sorted),
                new DynamicsResult.Measure(TrainingDynamics.ACCURACY_POWER, "token accuracy to the 20th power", "",
                        "percent", power));
        return new DynamicsResult(100, "L0H0", STEPS, measures, List.of(), new int[0], List.of(), List.of(),
                new int[0], new double[0][][], new double[0][][], new double[0][][]);
    }

    private static double[] smoothAccuracy() {
        double[] a = new double[STEPS.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.80 + 0.2 * i / (a.length - 1);   // 80 % to 100 %, steadily
        }
        return a;
    }

    @Test
    void fullySortedThatIsJustThePowerIsSaidToBeAllPowerEffect() {
        double[] a = smoothAccuracy();
        double[] sorted = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sorted[i] = Math.pow(a[i], N);
        }
        DynamicsResult d = dynamics(a, sorted);
        PhaseChange p = PhaseChange.locate(d);
        String s = DynamicsPage.powerSentence(d, p, N);
        assertTrue(s.contains(Num.percent(1.0, 0) + " of the rise") && s.contains("accounts for all of the jump"), s);
        assertTrue(s.contains("From step " + Num.count(p.start()) + " to step " + Num.count(p.end())), s);
    }

    @Test
    void aJumpBeyondThePowerIsSplitInTwo() {
        double[] a = smoothAccuracy();
        double[] sorted = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sorted[i] = i < 5 ? 0 : 0.9 + 0.02 * (i - 5);   // a jump far beyond accuracy^20
        }
        DynamicsResult d = dynamics(a, sorted);
        PhaseChange p = PhaseChange.locate(d);
        int from = p.start() / 100;
        int to = p.end() / 100;
        double share = (Math.pow(a[to], N) - Math.pow(a[from], N)) / (sorted[to] - sorted[from]);
        String s = DynamicsPage.powerSentence(d, p, N);
        assertTrue(share < 0.5, "made-up data: " + share);
        assertTrue(s.contains(Num.percent(share, 0) + " of the rise") && s.contains("less than half"), s);
    }

    @Test
    void noRiseNoSentence() {
        double[] a = smoothAccuracy();
        double[] flat = new double[a.length];
        assertEquals("", DynamicsPage.powerSentence(dynamics(a, flat), PhaseChange.locate(dynamics(a, flat)), N));
    }
}
