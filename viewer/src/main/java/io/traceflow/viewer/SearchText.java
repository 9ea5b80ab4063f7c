package io.traceflow.viewer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a user typed in the search box, as words that must all occur in a step's input or output text. Turned into
 * an FTS5 query where each word is a quoted prefix ({@code "pari"*}), so FTS5's own syntax (AND, NEAR, column
 * filters, a stray quote) can never be injected or cause a syntax error; or, on a file without the index, into
 * {@code LIKE} patterns.
 */
final class SearchText {
    private static final int MAX_WORDS = 8;

    private final List<String> words;

    private SearchText(List<String> words) {
        this.words = words;
    }

    /** Splits on anything that is not a letter or digit, as FTS5's unicode61 tokenizer does. */
    static SearchText parse(String raw) {
        List<String> words = new ArrayList<>();
        if (raw != null) {
            StringBuilder word = new StringBuilder();
            for (int i = 0; i <= raw.length(); i++) {
                int cp = i < raw.length() ? raw.codePointAt(i) : ' ';
                if (Character.isLetterOrDigit(cp)) {
                    word.appendCodePoint(cp);
                    if (Character.isSupplementaryCodePoint(cp)) {
                        i++;
                    }
                } else if (word.length() > 0) {
                    if (words.size() < MAX_WORDS) {
                        words.add(word.toString().toLowerCase(Locale.ROOT));
                    }
                    word.setLength(0);
                }
            }
        }
        return new SearchText(List.copyOf(words));
    }

    boolean isEmpty() {
        return words.isEmpty();
    }

    List<String> words() {
        return words;
    }

    /** e.g. {@code "weather"* "pari"*}: every word, as a prefix, anywhere in either column. */
    String ftsQuery() {
        StringBuilder q = new StringBuilder();
        for (String w : words) {
            if (q.length() > 0) {
                q.append(' ');
            }
            q.append('"').append(w.replace("\"", "\"\"")).append("\"*");
        }
        return q.toString();
    }

    /** {@code %word%} with LIKE's wildcards escaped by backslash (use {@code ESCAPE '\'}). */
    static String likePattern(String word) {
        return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
