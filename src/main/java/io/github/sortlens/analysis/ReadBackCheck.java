package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * What an analysis file read back must hold for the report to show it as a result: every number finite, every
 * fraction (accuracies, fractions, probabilities) in [0, 1], every per-position array as long as the model's sorted
 * list, and every token sequence as long as the model's context with tokens of its vocabulary. A file edited by hand
 * or damaged fails here, naming the field, rather than showing "150.00 %" on a page.
 */
final class ReadBackCheck {

    private final ModelConfig model;

    ReadBackCheck(ModelConfig model) {
        this.model = model;
    }

    /** Why the value read is not one analyse writes (naming the field's path), or null when it is. */
    String problem(Object value) {
        return walk(value, "", "");
    }

    private String walk(Object value, String path, String name) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue(), path, name);
        }
        if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                String p = walk(component(r, c), path.isEmpty() ? c.getName() : path + "." + c.getName(), c.getName());
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String p = walk(list.get(i), path + "[" + i + "]", name);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String p = walk(e.getValue(), path + "[" + e.getKey() + "]", name);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (value.getClass().isArray()) {
            return array(value, path, name);
        }
        return null;
    }

    private String array(Object array, String path, String name) {
        int length = Array.getLength(array);
        int expected = name.endsWith("ByPosition") && array instanceof double[] ? model.listLength()
                : name.equals("values") && array instanceof int[] ? model.listLength()
                : name.equals("tokens") && array instanceof int[] ? model.nCtx() : -1;
        if (expected >= 0 && length != expected) {
            return path + " has " + length + " entries, but the model's " + (name.equals("tokens") ? "sequences have "
                    : "sorted list has ") + expected;
        }
        if (array instanceof int[] ints && (name.equals("values") || name.equals("tokens"))) {
            for (int i = 0; i < ints.length; i++) {
                if (ints[i] < 0 || ints[i] >= model.dVocab()) {
                    return path + "[" + i + "] is " + ints[i] + ", not a token of the model (0 to "
                            + (model.dVocab() - 1) + ")";
                }
            }
            return null;
        }
        if (array.getClass().getComponentType().isPrimitive() && !(array instanceof double[])
                && !(array instanceof float[])) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            String p = walk(Array.get(array, i), path + "[" + i + "]", name);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String number(double v, String path, String name) {
        if (!Double.isFinite(v)) {
            return path + " is " + v + ", not a finite number";
        }
        if (isFraction(name) && (v < 0 || v > 1)) {
            return path + " is " + v + ", but a fraction is from 0 to 1";
        }
        return null;
    }

    /** Accuracies, fractions and probabilities by the names the result records give them (not their changes). */
    private static boolean isFraction(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return (n.contains("accuracy") || n.contains("fraction") || n.contains("prob"))
                && !n.startsWith("delta") && !n.startsWith("log");
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }
}
