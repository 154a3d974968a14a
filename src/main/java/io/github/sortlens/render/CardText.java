package io.github.sortlens.render;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits text into a preview card: a card is seen as a thumbnail, so text that does not fit is cut with an ellipsis
 * rather than drawn over the edge or shrunk until unreadable. Page titles come from config and data, so control
 * characters are flattened to spaces; markup such as {@code <script>} is only ever drawn as the characters it is.
 */
final class CardText {

    private static final String ELLIPSIS = "\u2026";

    private CardText() {
    }

    /** Collapses runs of whitespace and control characters to one space, so one text is one line of words. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The text itself if it fits the width, else its longest prefix (at a code point) that fits with an ellipsis. */
    static String ellipsize(Graphics2D g, Font font, String text, int width) {
        FontMetrics fm = g.getFontMetrics(font);
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String dots = font.canDisplayUpTo(ELLIPSIS) == -1 ? ELLIPSIS : "...";
        int end = text.length();
        while (end > 0) {
            end = text.offsetByCodePoints(end, -1);
            String candidate = text.substring(0, end).stripTrailing() + dots;
            if (fm.stringWidth(candidate) <= width) {
                return candidate;
            }
        }
        return dots;
    }

    /**
     * Word-wraps text into at most {@code maxLines} lines of the width; the last line is ellipsized if text is left.
     * A word wider than a whole line (a long identifier, a URL) is broken where it reaches the edge.
     */
    static List<String> wrap(Graphics2D g, Font font, String text, int width, int maxLines) {
        FontMetrics fm = g.getFontMetrics(font);
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (!rest.isEmpty() && lines.size() < maxLines - 1) {
            int cut = breakPoint(fm, rest, width);
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            lines.add(ellipsize(g, font, rest, width));
        }
        return lines;
    }

    /** How many chars of the text start the next line: all of it, up to the last space that fits, or what fits. */
    private static int breakPoint(FontMetrics fm, String text, int width) {
        if (fm.stringWidth(text) <= width) {
            return text.length();
        }
        int fits = 0;
        int i = 0;
        while (i < text.length()) {
            int next = text.offsetByCodePoints(i, 1);
            if (fm.stringWidth(text.substring(0, next)) > width) {
                break;
            }
            fits = next;
            i = next;
        }
        int space = text.lastIndexOf(' ', fits);
        if (space > 0) {
            return space;
        }
        return Math.max(fits, text.offsetByCodePoints(0, 1));
    }
}
