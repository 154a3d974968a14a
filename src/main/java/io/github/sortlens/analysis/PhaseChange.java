package io.github.sortlens.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the phase change is, located from the progress measures alone. The window runs from the last snapshot
 * before the fraction of fully sorted sequences has made 10 % of its rise to the first snapshot at which it has
 * made 90 % of it. It is a phase change when that rise is at least {@link #MIN_RISE} and the window spans at most
 * {@link #MAX_WINDOW} of training; a longer rise is gradual. For each measure, the step at which it has first made
 * half of its net change (its midpoint) says what moves first and what follows.
 *
 * @param rise        net change of fully sorted from the first snapshot to the last (negative when it falls)
 * @param sharp       true when it is a phase change: a rise of at least {@link #MIN_RISE} within a short window
 * @param start       step at which the window opens
 * @param end         step at which it closes
 * @param steepFrom   start of the interval between two snapshots with the largest rise of fully sorted
 * @param steepTo     end of that interval
 * @param steepRise   the rise over that interval (a fraction)
 * @param measures    every measure's course, ordered by midpoint
 */
public record PhaseChange(double rise, boolean sharp, int start, int end, int steepFrom, int steepTo,
                          double steepRise, List<MeasureChange> measures) {

    /** Fully sorted must rise by this much (a fraction of sequences) to count as a phase change. */
    public static final double MIN_RISE = 0.2;
    /** ... within a window of at most this fraction of the training steps. */
    public static final double MAX_WINDOW = 0.5;
    /** A measure whose range is below this fraction of its largest absolute value barely changes. */
    public static final double BARELY = 0.1;

    /** How a measure moves over training. */
    public enum Course {
        /** a net change: its midpoint says when */
        MOVES,
        /** it moves, then comes back: no single midpoint */
        RETURNS,
        /** its whole range is small against its size */
        BARELY
    }

    /**
     * One measure's course.
     *
     * @param id       the measure's id
     * @param name     its name
     * @param first    value at the first snapshot
     * @param last     value at the last snapshot
     * @param midpoint step at which it has first made half of its net change (meaningful when it {@code MOVES})
     * @param course   how it moves
     * @param when     {@code before}, {@code during} or {@code after} the window (by midpoint)
     */
    public record MeasureChange(String id, String name, double first, double last, int midpoint, Course course,
                                String when) {
    }

    public boolean risen() {
        return rise >= MIN_RISE;
    }

    public static PhaseChange locate(DynamicsResult d) {
        int[] steps = d.steps();
        double[] sorted = d.measure(TrainingDynamics.FULLY_SORTED).values();
        double rise = sorted[sorted.length - 1] - sorted[0];
        int startIndex = Math.max(0, crossingIndex(sorted, 0.1) - 1);
        int endIndex = crossingIndex(sorted, 0.9);
        int start = steps[startIndex];
        int end = steps[endIndex];
        int steep = 0;
        double best = sorted.length > 1 ? Double.NEGATIVE_INFINITY : 0;
        for (int i = 0; i + 1 < sorted.length; i++) {
            if (sorted[i + 1] - sorted[i] > best) {
                best = sorted[i + 1] - sorted[i];
                steep = i;
            }
        }
        double span = steps[steps.length - 1] - steps[0];
        boolean sharp = rise >= MIN_RISE && (end - start) <= MAX_WINDOW * span;
        List<MeasureChange> changes = new ArrayList<>();
        for (DynamicsResult.Measure m : d.measures()) {
            double[] v = m.values();
            double size = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                size = Math.max(size, Math.abs(x));
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            double net = v[v.length - 1] - v[0];
            Course course = size == 0 || max - min < BARELY * size ? Course.BARELY
                    : Math.abs(net) < BARELY * (max - min) ? Course.RETURNS : Course.MOVES;
            int mid = steps[crossingIndex(v, 0.5)];
            String when = mid <= start ? "before" : mid <= end ? "during" : "after";
            changes.add(new MeasureChange(m.id(), m.name(), v[0], v[v.length - 1], mid, course, when));
        }
        changes.sort(Comparator.comparingInt(MeasureChange::midpoint));
        return new PhaseChange(rise, sharp, start, end, steps[steep], steps[Math.min(steep + 1, steps.length - 1)],
                best, changes);
    }

    /** First snapshot at which a series has made {@code fraction} of its net change (in the change's direction). */
    static int crossingIndex(double[] v, double fraction) {
        double target = v[0] + fraction * (v[v.length - 1] - v[0]);
        boolean up = v[v.length - 1] >= v[0];
        for (int i = 0; i < v.length; i++) {
            if (up ? v[i] >= target : v[i] <= target) {
                return i;
            }
        }
        return v.length - 1;
    }
}
