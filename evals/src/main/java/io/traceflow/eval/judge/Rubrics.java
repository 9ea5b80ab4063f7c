package io.traceflow.eval.judge;

import java.util.LinkedHashMap;
import java.util.Map;

/** The built-in rubrics of {@code llm_judge}, and the prompts around a rubric. */
public final class Rubrics {
    public static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("correctness", "Correctness: is the answer factually correct, and does it correctly do what the"
                + " input asks? 1 = fully correct; 0.5 = partly correct or with a notable error; 0 = wrong or no"
                + " real answer.");
        BUILT_IN.put("relevance", "Relevance: does the answer address the question or task of the input directly"
                + " and completely, without drifting to other topics or padding? 1 = fully on point; 0.5 = partly"
                + " relevant; 0 = off topic.");
        BUILT_IN.put("groundedness", "Groundedness: is every claim of the answer supported by the context given to"
                + " the model (system instructions, documents, tool results, earlier messages in the input and the"
                + " context sections)? Claims that the context does not support, or that contradict it, lower the"
                + " score. 1 = fully supported; 0.5 = some unsupported claims; 0 = mostly unsupported or"
                + " contradicted.");
    }

    /** Longest text of one section sent to the judge; longer text keeps its start and end. */
    static final int MAX_SECTION_CHARS = 20_000;

    private Rubrics() {
    }

    public static String systemPrompt(String rubric) {
        return "You are an impartial evaluation judge (" + JudgeClient.MARKER + "). You grade one answer of an AI"
                + " system against the rubric below, using only the input, context and answer you are given.\n\n"
                + "Rubric:\n" + rubric.trim() + "\n\n"
                + "Reply with only a JSON object and no other text:"
                + " {\"score\": <a number from 0 to 1, 1 is best>, \"reason\": \"<one or two sentences>\"}";
    }

    public static String userPrompt(String input, String context, String answer) {
        StringBuilder out = new StringBuilder();
        section(out, "input", input);
        if (context != null && !context.isBlank()) {
            section(out, "context", context);
        }
        section(out, "answer", answer);
        return out.toString();
    }

    private static void section(StringBuilder out, String name, String text) {
        String t = text == null ? "" : text;
        if (t.length() > MAX_SECTION_CHARS) {
            int half = MAX_SECTION_CHARS / 2;
            t = t.substring(0, half) + "\n[… " + (t.length() - MAX_SECTION_CHARS) + " characters left out …]\n"
                    + t.substring(t.length() - half);
        }
        out.append('<').append(name).append(">\n").append(t).append("\n</").append(name).append(">\n");
    }
}
