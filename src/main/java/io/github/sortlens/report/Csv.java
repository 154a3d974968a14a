package io.github.sortlens.report;

import java.util.List;

/**
 * CSV text of chart data downloads: full precision, {@code \n} line ends, RFC 4180 quoting, so spreadsheets and
 * pandas read them and the same data gives the same bytes.
 */
public final class Csv {

    private final StringBuilder text = new StringBuilder();

    public Csv(List<String> header) {
        row(header);
    }

    public Csv row(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(quote(cells.get(i)));
        }
        text.append('\n');
        return this;
    }

    /** A matrix in long form: one row per cell, {@code rowName, colName, value}. */
    public static String longForm(String rowHeader, String colHeader, String valueHeader, List<String> rows,
                                  List<String> cols, double[][] values) {
        Csv csv = new Csv(List.of(rowHeader, colHeader, valueHeader));
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[r].length; c++) {
                csv.row(List.of(rows.get(r), cols.get(c), Num.exact(values[r][c])));
            }
        }
        return csv.toString();
    }

    private static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
