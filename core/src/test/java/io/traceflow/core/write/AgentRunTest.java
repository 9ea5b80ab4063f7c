package io.traceflow.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class AgentRunTest {
    @Test
    void settingsBecomeOneJsonObjectSortedByKeyWithEveryValueEscaped() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("traceflow.redact", "\"quoted\"\\back\nslash</script>\u0000");
        settings.put("traceflow.db", "/tmp/t f.db");

        String json = AgentRun.toJson(settings);

        assertThat(json).startsWith("{\"traceflow.db\"");
        assertThat(new ObjectMapper().readValue(json, Map.class)).isEqualTo(settings);
    }

    @Test
    void noSettingsIsAnEmptyObject() {
        assertThat(AgentRun.toJson(Map.of())).isEqualTo("{}");
    }
}
