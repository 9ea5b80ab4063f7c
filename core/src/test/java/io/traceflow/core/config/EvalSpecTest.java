package io.traceflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class EvalSpecTest {
    @Test
    void nameArgumentAndLabel() {
        EvalSpec spec = EvalSpec.parse(" Max_Latency_MS:2000 ");
        assertThat(spec.name()).isEqualTo("max_latency_ms");
        assertThat(spec.argument()).isEqualTo("2000");
        assertThat(spec.label()).isEqualTo("max_latency_ms:2000");
        assertThat(spec.filter().isAll()).isTrue();
        assertThat(EvalSpec.parse("json_valid").argument()).isNull();
        assertThat(EvalSpec.parse("contains:a:b").argument()).isEqualTo("a:b");
    }

    @Test
    void listsSplitOnTopLevelCommasOnly() {
        List<EvalSpec> specs = EvalSpec.parseList("json_valid, regex:^a{1,3}$ ,contains:x\\, y,,"
                + "max_cost:0.01;in=1;out=2{model=gpt-4o*|o3*;operation=chat}");
        assertThat(specs).extracting(EvalSpec::label)
                .containsExactly("json_valid", "regex:^a{1,3}$", "contains:x, y", "max_cost:0.01;in=1;out=2");
        assertThat(specs.get(3).filter().conditions()).containsOnlyKeys("model", "operation");
        assertThat(EvalSpec.parseList("  ")).isEmpty();
    }

    @Test
    void aTrailingBraceIsAFilterOnlyWhenItHoldsFilterKeys() {
        assertThat(EvalSpec.parse("regex:\\d{3}").label()).isEqualTo("regex:\\d{3}");
        assertThat(EvalSpec.parse("regex:\\d{3}").filter().isAll()).isTrue();
        EvalSpec judge = EvalSpec.parse("llm_judge:relevance;target=trace{kind=ai_service;trace=Assistant.*}");
        assertThat(judge.label()).isEqualTo("llm_judge:relevance;target=trace");
        assertThat(judge.toString()).isEqualTo("llm_judge:relevance;target=trace{kind=ai_service;trace=Assistant.*}");
    }

    @Test
    void badSpecsSayWhatIsAllowed() {
        assertThatThrownBy(() -> EvalSpec.parse("Not A Spec")).hasMessageContaining("NAME[:ARGUMENT]");
        assertThatThrownBy(() -> EvalSpec.parse(":2000")).hasMessageContaining("not an evaluator spec");
        assertThatThrownBy(() -> StepFilter.parse(List.of("colour=red"))).hasMessageContaining("KEY=GLOB");
        assertThatThrownBy(() -> StepFilter.parse(List.of("model=a", "model=b"))).hasMessageContaining("given twice");
    }

    @Test
    void filtersRenderAsSqlGlobs() {
        List<Object> args = new java.util.ArrayList<>();
        String sql = StepFilter.parse(List.of("model=gpt-4o*|o[3]", "trace=A*")).toSql(args);
        assertThat(sql).isEqualTo(" AND (s.model GLOB ? OR s.model GLOB ?) AND (t.name GLOB ?)");
        assertThat(args).containsExactly("gpt-4o*", "o[[]3]", "A*");
    }
}
