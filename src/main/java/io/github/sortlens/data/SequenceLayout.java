package io.github.sortlens.data;

import io.github.sortlens.config.ModelConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where everything sits in a sequence of the sorting task, the one place that knows it:
 * <pre>
 * position  0      1 .. n          n+1    n+2 .. 2n+1
 * role      START  input 0 .. n-1  STOP   output 0 .. n-1   (n_ctx = 2n + 2)
 * </pre>
 * Output {@code j} (the j-th smallest value) is predicted by the logits at the position before it, {@code n + 1 + j}:
 * STOP predicts output 0. Those n positions are the sorted half, the only ones scored.
 *
 * @param listLength n, the number of values to sort
 */
public record SequenceLayout(int listLength) {

    /** What a position holds. */
    public enum Role { START, INPUT, STOP, OUTPUT }

    /**
     * Prefix of an output's key in page links and selections ({@code out-3}); the pages' script uses the same
     * prefix.
     */
    public static final String OUTPUT_KEY_PREFIX = "out-";

    public SequenceLayout {
        if (listLength < 1) {
            throw new IllegalArgumentException("a list to sort has at least one value: " + listLength);
        }
    }

    public static SequenceLayout of(ModelConfig model) {
        return new SequenceLayout(model.listLength());
    }

    /** n_ctx, the sequence length. */
    public int length() {
        return 2 * listLength + 2;
    }

    public int start() {
        return 0;
    }

    /** Position of input {@code i}, {@code 0 <= i < n}. */
    public int input(int i) {
        return 1 + i;
    }

    public int stop() {
        return listLength + 1;
    }

    /** Position of output {@code j}, the j-th sorted value, {@code 0 <= j < n}. */
    public int output(int j) {
        return listLength + 2 + j;
    }

    /** Position whose logits predict output {@code j} (the query position of the sorted half). */
    public int predictorOf(int j) {
        return listLength + 1 + j;
    }

    /** True when the logits at {@code pos} predict an output (are scored). */
    public boolean predictsOutput(int pos) {
        return pos >= predictorOf(0) && pos <= predictorOf(listLength - 1);
    }

    public Role role(int pos) {
        if (pos < 0 || pos >= length()) {
            throw new IndexOutOfBoundsException("position " + pos + " outside [0, " + length() + ")");
        }
        return pos == start() ? Role.START : pos < stop() ? Role.INPUT : pos == stop() ? Role.STOP : Role.OUTPUT;
    }

    /** The notebook's label of a position: {@code pos START, pos in i, pos STOP, pos out j}. */
    public String positionLabel(int pos) {
        return switch (role(pos)) {
            case START -> "pos START";
            case INPUT -> "pos in " + (pos - input(0));
            case STOP -> "pos STOP";
            case OUTPUT -> "pos " + outputLabel(pos - output(0));
        };
    }

    /** [n_ctx] the label of every position. */
    public List<String> positionLabels() {
        List<String> out = new ArrayList<>();
        for (int pos = 0; pos < length(); pos++) {
            out.add(positionLabel(pos));
        }
        return out;
    }

    /** [n] labels of the positions that predict the outputs, {@code pos STOP, pos out 0 .. pos out n-2}. */
    public List<String> predictorLabels() {
        return positionLabels().subList(predictorOf(0), predictorOf(listLength - 1) + 1);
    }

    /** [n] {@code out 0 .. out n-1}: the outputs, as charts label them. */
    public List<String> outputLabels() {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < listLength; j++) {
            out.add(outputLabel(j));
        }
        return out;
    }

    public static String outputLabel(int j) {
        return "out " + j;
    }

    /** Key of output {@code j} in page links and selections: {@code out-j}. */
    public static String outputKey(int j) {
        return OUTPUT_KEY_PREFIX + j;
    }

    /** [n] the unsorted values of a sequence. */
    public int[] inputs(int[] sequence) {
        return Arrays.copyOfRange(sequence, input(0), input(0) + listLength);
    }

    /** [n + 2] START, the inputs and STOP: what the model is given. */
    public int[] prompt(int[] sequence) {
        return Arrays.copyOfRange(sequence, start(), stop() + 1);
    }

    /** The correct output {@code j} of a sequence. */
    public int answer(int[] sequence, int j) {
        return sequence[output(j)];
    }
}
