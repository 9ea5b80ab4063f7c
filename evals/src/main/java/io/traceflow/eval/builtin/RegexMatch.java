package io.traceflow.eval.builtin;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/** {@code regex:PATTERN}: the answer contains a match of the Java regular expression (use {@code ^...$} for all of it). */
public final class RegexMatch extends ContentEvaluator {
    private final Pattern pattern;

    public RegexMatch() {
        this(null);
    }

    private RegexMatch(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public String name() {
        return "regex";
    }

    @Override
    public Evaluator configure(String argument) {
        String regex = Args.required(name(), argument, "^\\{.*\\}$");
        try {
            return new RegexMatch(Pattern.compile(regex, Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex needs a Java regular expression: " + e.getDescription()
                    + " in '" + regex + "'");
        }
    }

    @Override
    EvalResult evaluateAnswer(StepView step, String answer) {
        if (pattern.matcher(answer).find()) {
            return EvalResult.pass("matches /" + pattern.pattern() + "/");
        }
        return EvalResult.fail("no match for /" + pattern.pattern() + "/ in " + quote(answer));
    }
}
