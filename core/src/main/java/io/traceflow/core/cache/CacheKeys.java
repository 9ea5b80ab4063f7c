package io.traceflow.core.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cache keys: SHA-256 over provider, operation, endpoint base URL, namespace and a canonical form of the request
 * body. Canonical means: object fields sorted, nulls dropped, parameters that cannot change the answer dropped
 * ({@code stream}, {@code user}, {@code metadata}, …), parameters at their documented default dropped
 * ({@code n=1}, {@code temperature=1}, …), and the user's {@code traceflow.cache.key.ignore} names dropped.
 * Headers, and so the API key, are never part of it. docs/cache.md lists all of this; keep the two in step.
 */
public final class CacheKeys {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Never affect the answer (transport, bookkeeping, identity). */
    static final Set<String> NOT_OUTPUT_AFFECTING = Set.of("stream", "stream_options", "user", "metadata", "store",
            "service_tier", "prompt_cache_key", "safety_identifier", "background");

    /** OpenAI's documented defaults: sending them or not gives the same answer. */
    static final Map<String, Object> DEFAULTS = Map.of("n", 1, "temperature", 1, "top_p", 1, "presence_penalty", 0,
            "frequency_penalty", 0, "logprobs", false, "parallel_tool_calls", true);

    private CacheKeys() {
    }

    /** The canonical request text: what the key is computed over (also stored in llm_cache.request_json). */
    public static String canonical(String requestJson, Collection<String> ignore) {
        try {
            JsonNode tree = JSON.readTree(requestJson);
            return JSON.writeValueAsString(canonicalize(tree, ignore, true));
        } catch (IOException | RuntimeException e) {
            return requestJson; // not JSON: the text itself is as canonical as it gets
        }
    }

    private static JsonNode canonicalize(JsonNode node, Collection<String> ignore, boolean topLevel) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (value.isNull() || (topLevel && (ignore.contains(name) || NOT_OUTPUT_AFFECTING.contains(name)
                        || isDefault(name, value)))) {
                    continue;
                }
                // A framework's "parameters" object holds parameters like the top level of a wire request.
                sorted.put(name, canonicalize(value, ignore, topLevel && "parameters".equals(name)));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                out.add(canonicalize(item, ignore, false));
            }
            return out;
        }
        return node;
    }

    private static boolean isDefault(String name, JsonNode value) {
        Object def = DEFAULTS.get(name);
        if (def == null) {
            return false;
        }
        if (def instanceof Boolean b) {
            return value.isBoolean() && value.booleanValue() == b;
        }
        return value.isNumber() && value.doubleValue() == ((Number) def).doubleValue();
    }

    public static String key(String provider, String operation, String baseUrl, String namespace, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {provider, operation, baseUrl, namespace, canonical}) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0); // separator: ("ab","c") and ("a","bc") differ
            }
            StringBuilder hex = new StringBuilder(64);
            for (byte b : sha.digest()) {
                hex.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
