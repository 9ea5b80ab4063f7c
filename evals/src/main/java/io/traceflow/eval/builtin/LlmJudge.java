package io.traceflow.eval.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.traceflow.schema.Statuses;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;
import io.traceflow.eval.judge.JudgeClient;
import io.traceflow.eval.judge.JudgeSettings;
import io.traceflow.eval.judge.Judgement;
import io.traceflow.eval.judge.Rubrics;

/**
 * {@code llm_judge[:RUBRIC][;pass=0.7][;target=trace]}: asks a judge model (see {@link JudgeSettings}) to score the
 * answer against a rubric: {@code correctness} (the default), {@code relevance}, {@code groundedness}, or a path
 * to a text file with your own rubric. Passed when the score is at least {@code pass}. On steps it judges the answer
 * of each text generation against its input; with {@code target=trace} it judges a finished trace's final answer
 * (e.g. what an AI Service method returned) against the trace's input, with its tool results as context.
 *
 * <p>The version is {@code 1+MODEL} (plus a hash of a custom rubric's text), so another judge model or an edited
 * rubric counts as another evaluator and re-evaluates.
 */
public final class LlmJudge extends ContentEvaluator {
    private static final double DEFAULT_PASS = 0.7;

    private final JudgeSettings settings;
    private final JudgeClient client;
    private final String rubric;
    private final double pass;
    private final Target target;
    private final String version;

    public LlmJudge(JudgeSettings settings) {
        this(settings, Rubrics.BUILT_IN.get("correctness"), DEFAULT_PASS, Target.STEP, "1+" + settings.model());
    }

    private LlmJudge(JudgeSettings settings, String rubric, double pass, Target target, String version) {
        this.settings = settings;
        this.client = new JudgeClient(settings);
        this.rubric = rubric;
        this.pass = pass;
        this.target = target;
        this.version = version;
    }

    @Override
    public String name() {
        return "llm_judge";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Evaluator configure(String argument) {
        Map<String, String> options = Args.options(argument);
        for (String key : options.keySet()) {
            if (!key.isEmpty() && !key.equals("pass") && !key.equals("target")) {
                throw new IllegalArgumentException("llm_judge: unknown option " + key + "= (allowed: pass=, target=)");
            }
        }
        String rubricName = options.getOrDefault("", "correctness");
        if (rubricName.isEmpty()) {
            rubricName = "correctness";
        }
        String rubricText = Rubrics.BUILT_IN.get(rubricName.toLowerCase(Locale.ROOT));
        String v = "1+" + settings.model();
        if (rubricText == null) {
            Path file = Path.of(rubricName);
            try {
                rubricText = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("llm_judge: '" + rubricName + "' is neither a built-in rubric ("
                        + Rubrics.BUILT_IN.keySet().stream().collect(Collectors.joining(", "))
                        + ") nor a readable rubric file");
            }
            if (rubricText.isBlank()) {
                throw new IllegalArgumentException("llm_judge: the rubric file " + file + " is empty");
            }
            v += "+rubric:" + sha256(rubricText).substring(0, 8);
        }
        double threshold = DEFAULT_PASS;
        if (options.containsKey("pass")) {
            try {
                threshold = Double.parseDouble(options.get("pass"));
            } catch (NumberFormatException e) {
                threshold = -1;
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("llm_judge: pass= needs a score from 0 to 1, e.g. pass=0.7");
            }
        }
        String t = options.getOrDefault("target", "step").toLowerCase(Locale.ROOT);
        if (!t.equals("step") && !t.equals("trace")) {
            throw new IllegalArgumentException("llm_judge: target= is step or trace");
        }
        return new LlmJudge(settings, rubricText, threshold, t.equals("trace") ? Target.TRACE : Target.STEP, v);
    }

    @Override
    EvalResult evaluateAnswer(StepView step, String answer) throws InterruptedException {
        if (answer.isBlank()) {
            return step.toolCalls().isEmpty() ? EvalResult.fail("the answer is empty") : null;
        }
        return ask(step.inputText(), null, answer);
    }

    @Override
    public EvalResult evaluateTrace(TraceView trace) throws InterruptedException {
        if (Statuses.ERROR.equals(trace.status())) {
            return EvalResult.fail("no answer: the trace failed" + (trace.error() == null ? "" : " (" + trace.error() + ")"));
        }
        String answer = trace.finalAnswer();
        if (answer == null || answer.isBlank()) {
            return EvalResult.fail("the trace has no final answer");
        }
        String context = trace.toolSteps().stream()
                .map(s -> "tool " + s.name() + ": " + (s.outputText() == null ? "" : s.outputText()))
                .collect(Collectors.joining("\n"));
        return ask(trace.question(), context, answer);
    }

    private EvalResult ask(String input, String context, String answer) throws InterruptedException {
        Judgement j;
        try {
            j = client.judge(Rubrics.systemPrompt(rubric), Rubrics.userPrompt(input, context, answer));
        } catch (JudgeClient.JudgeException e) {
            return EvalResult.error(e.getMessage());
        } catch (IOException e) {
            return EvalResult.error("the judge at " + settings.url() + " could not be reached: " + e);
        }
        String detail = (j.reason().isBlank() ? "(no reason given)" : j.reason()) + (j.cached() ? " [cached]" : "");
        return EvalResult.of(j.score(), j.score() >= pass, detail);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
