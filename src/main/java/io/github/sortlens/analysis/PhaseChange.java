package io.github.sortlens.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the phase change is, located from the progress measures alone: the window in which the fraction of fully
 * sorted sequences makes the middle 80 % of its rise (from 10 % to 90 % of the way from its first value to its
 * last), and, for each measure, the step at which it has made half of its own change (its midpoint). Ordering the
 * midpoints says what moves first and what follows; a measure whose net change is small against its size "barely
 * changes".
 *
 * @param risen       true when fully sorted rises by at least {@link #MIN_RISE}: otherwise there is no phase change
 * @param start       step at which fully sorted has made 10 % of its rise
 * @param end         step at which it has made 90 % of its rise
 * @param steepFrom   start of the interval between two snapshots with the largest rise of fully sorted
 * @param steepTo     end of that interval
 * @param steepRise   the rise over that interval (a fraction)
 * @param measures    every measure's midpoint and how much it changes, ordered by midpoint
 */
public record PhaseChange(boolean risen, int start, int end, int steepFrom, int steepTo, double steepRise,
                          List<MeasureChange> measures) {

    /** Fully sorted must rise by this much (a fraction of sequences) to count as a phase change. */
    public static final double MIN_RISE = 0.2;
    /** A measure whose net change is below this fraction of its largest absolute value barely changes. */
    public static final double BARELY = 0.1;

    /**
     * One measure's course.
     *
     * @param id       the measure's id
     * @param name     its name
     * @param first    value at the first snapshot
     * @param last     value at the last snapshot
     * @param midpoint step at which it has first made half of its net change
     * @param barely   its net change is below {@link #BARELY} of its largest absolute value
     * @param when     {@code before}, {@code during} or {@code after} the phase change window (by midpoint)
     */
    public record MeasureChange(String id, String name, double first, double last, int midpoint, boolean barely,
                                String when) {
    }

    public static PhaseChange locate(DynamicsResult d) {
        int[] steps = d.steps();
        double[] sorted = d.measure(TrainingDynamics.FULLY_SORTED).values();
        double rise = sorted[sorted.length - 1] - sorted[0];
        int start = crossing(steps, sorted, 0.1);
        int end = crossing(steps, sorted, 0.9);
        int steep = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < sorted.length; i++) {
            if (sorted[i + 1] - sorted[i] > best) {
                best = sorted[i + 1] - sorted[i];
                steep = i;
            }
        }
        List<MeasureChange> changes = new ArrayList<>();
        for (DynamicsResult.Measure m : d.measures()) {
            double[] v = m.values();
            double size = 0;
            for (double x : v) {
                size = Math.max(size, Math.abs(x));
            }
            double net = v[v.length - 1] - v[0];
            int mid = crossing(steps, v, 0.5);
            String when = mid < start ? "before" : mid <= end ? "during" : "after";
            changes.add(new MeasureChange(m.id(), m.name(), v[0], v[v.length - 1], mid,
                    size == 0 || Math.abs(net) < BARELY * size, when));
        }
        changes.sort(Comparator.comparingInt(MeasureChange::midpoint));
        return new PhaseChange(rise >= MIN_RISE, start, end, steps[steep], steps[Math.min(steep + 1, steps.length - 1)],
                sorted.length > 1 ? best : 0, changes);
    }

    /** First step at which a series has made {@code fraction} of its net change (in the change's direction). */
    static int crossing(int[] steps, double[] v, double fraction) {
        double target = v[0] + fraction * (v[v.length - 1] - v[0]);
        boolean up = v[v.length - 1] >= v[0];
        for (int i = 0; i < v.length; i++) {
            if (up ? v[i] >= target : v[i] <= target) {
                return steps[i];
            }
        }
        return steps[steps.length - 1];
    }
}
