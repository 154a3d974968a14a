package io.github.sortlens.report;

import io.github.sortlens.analysis.CacheCatalogueResult;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The activation cache catalogue: every hook with its TransformerLens name, axes, shape and meaning, as the analysis
 * suite measured it.
 */
public final class HooksPage {

    private HooksPage() {
    }

    /**
     * @param name    TransformerLens hook name
     * @param shape   e.g. {@code [batch=1, pos=42, d_model=32]}
     * @param meaning one line
     */
    public record Row(String name, String anchor, String shape, String meaning) {
    }

    /**
     * What {@code hooks.ftlh} lays out.
     *
     * @param rows      every hook, in {@link io.github.sortlens.model.Hook} order
     * @param batchNote where the shapes come from
     */
    public record Body(List<Row> rows, String batchNote) {
    }

    public static PageModel build(RunData run) {
        PageModel.Builder page = new PageModel.Builder("hooks", "hooks.ftlh", "Hooks",
                "The activation cache of the sorting model: every TransformerLens hook name with its shape and "
                        + "meaning.");
        List<Row> rows = new ArrayList<>();
        CacheCatalogueResult c = run.analysis().catalogue();
        for (CacheCatalogueResult.Entry e : c.entries()) {
            rows.add(new Row(e.name(), anchor(e.name()), shape(e.axes(), e.shape()), e.meaning()));
        }
        return page.body(new Body(List.copyOf(rows), "Shapes as measured on the example set (batch " + c.batch()
                + ").")).build();
    }

    static String anchor(String hookName) {
        return hookName.replace('.', '-');
    }

    private static String shape(List<String> axes, int[] shape) {
        return java.util.stream.IntStream.range(0, shape.length)
                .mapToObj(i -> axes.get(i) + "=" + shape[i]).collect(Collectors.joining(", ", "[", "]"));
    }
}
