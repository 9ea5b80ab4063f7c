package io.traceflow.core.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a model call cost, in USD, from its token counts and a price per million tokens: TraceFlow's one price table,
 * used by the viewer (step, trace and analytics costs), the CLI views and export, and the cost evaluators
 * ({@code max_cost}, {@code max_trace_cost}), so they always agree.
 *
 * <p>The built-in table ({@code prices.json} next to this class) holds OpenAI list prices for common models; the
 * file named with {@code traceflow.prices} adds models and replaces built-in prices ({@link #withOverrides}). A model
 * that is not in the table has no price, and its cost is unknown ({@code null}) rather than a guess.
 *
 * <p>Matching: the exact model name (case-insensitive), else the name without a date snapshot suffix
 * ({@code gpt-4o-mini-2024-07-18} is priced as {@code gpt-4o-mini}; {@code gpt-4o-2024-05-13} has a row of its own,
 * and that row wins). There is no other fuzzy matching: a prefix would price {@code o3-pro} as {@code o3} or
 * {@code gpt-4o-realtime-preview} as {@code gpt-4o}, a tenth or half of what they cost.
 */
public final class PriceTable {
    /**
     * USD per million tokens.
     *
     * @param cachedInput the price of prompt tokens the provider served from its prompt cache; null means the full
     *     input price
     */
    public record Price(double input, Double cachedInput, double output) {
        /**
         * The cost of a call in USD: uncached prompt tokens at the input price, cached ones at the cached-input price,
         * completion tokens at the output price. Null counts are 0; cached tokens count at most the prompt tokens.
         */
        public double cost(Long promptTokens, Long cachedTokens, Long completionTokens) {
            long prompt = promptTokens == null ? 0 : promptTokens;
            long cached = cachedTokens == null ? 0 : Math.max(0, Math.min(cachedTokens, prompt));
            long completion = completionTokens == null ? 0 : completionTokens;
            double cachedPrice = cachedInput == null ? input : cachedInput;
            return ((prompt - cached) * input + cached * cachedPrice + completion * output) / 1_000_000.0;
        }
    }

    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{4})$");
    private static final String BUILT_IN = "prices.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile PriceTable builtIn;

    private final Map<String, Price> prices;
    private final String source;

    private PriceTable(Map<String, Price> prices, String source) {
        this.prices = Collections.unmodifiableMap(prices);
        this.source = source;
    }

    /** The built-in table (read once). */
    public static PriceTable builtIn() {
        PriceTable table = builtIn;
        if (table == null) {
            try (InputStream in = PriceTable.class.getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IllegalStateException("built-in price table " + BUILT_IN + " is missing from the jar");
                }
                table = new PriceTable(parse(JSON.readTree(in), "built-in"), "built-in");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in price table", e);
            }
            builtIn = table;
        }
        return table;
    }

    /**
     * The built-in table with the file's entries added (or replacing built-in ones): what {@code traceflow.prices}
     * names. {@code file} null or blank means the built-in table alone.
     *
     * @throws IllegalArgumentException with a one-line reason when the file is missing or malformed
     */
    public static PriceTable withOverrides(String file) {
        PriceTable base = builtIn();
        if (file == null || file.isBlank()) {
            return base;
        }
        Path path = Path.of(file.trim()).toAbsolutePath();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the price file " + path + " (traceflow.prices): "
                    + e.getMessage());
        }
        Map<String, Price> merged = new LinkedHashMap<>(base.prices);
        merged.putAll(parse(root, path.toString()));
        return new PriceTable(merged, "built-in + " + path);
    }

    /** Accepts {@code {"models": {...}}} (the built-in file's shape) or the model map itself. */
    private static Map<String, Price> parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the price file " + where + " must hold a JSON object of models, e.g."
                    + " {\"gpt-4o\": {\"input\": 2.5, \"cached_input\": 1.25, \"output\": 10}}");
        }
        JsonNode models = root.has("models") && root.get("models").isObject() ? root.get("models") : root;
        Map<String, Price> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            if (!p.isObject()) {
                if (e.getKey().equals("about")) {
                    continue;
                }
                throw new IllegalArgumentException("price of " + e.getKey() + " in " + where
                        + " must be an object like {\"input\": 2.5, \"output\": 10}");
            }
            double input = number(p, "input", e.getKey(), where);
            double output = number(p, "output", e.getKey(), where);
            Double cached = p.has("cached_input") ? number(p, "cached_input", e.getKey(), where) : null;
            out.put(e.getKey().toLowerCase(Locale.ROOT), new Price(input, cached, output));
        }
        return out;
    }

    private static double number(JsonNode p, String field, String model, String where) {
        JsonNode v = p.get(field);
        if (v == null || !v.isNumber() || v.asDouble() < 0) {
            throw new IllegalArgumentException("price of " + model + " in " + where + ": \"" + field
                    + "\" must be a number >= 0 (USD per million tokens)");
        }
        return v.asDouble();
    }

    /** {@code built-in}, or {@code built-in + /path/of/the/file}. */
    public String source() {
        return source;
    }

    /** Every model of the table (lower case) with its price. */
    public Map<String, Price> entries() {
        return prices;
    }

    /** The price of one model name: exact, else without its date snapshot suffix; empty when there is none. */
    public Optional<Price> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String name = model.trim().toLowerCase(Locale.ROOT);
        Price exact = prices.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String undated = DATE_SUFFIX.matcher(name).replaceFirst("");
        return Optional.ofNullable(undated.equals(name) ? null : prices.get(undated));
    }

    /**
     * The price of a call: that of the model the provider says answered (what it bills, e.g. the snapshot behind
     * an alias), else that of the requested model (e.g. when the answering model's name is not in the table).
     */
    public Optional<Price> find(String model, String responseModel) {
        Optional<Price> price = find(responseModel);
        return price.isPresent() ? price : find(model);
    }

    /**
     * Cost of one call in USD, or null when it cannot be known: no token counts, or a model without a price. A call
     * answered from TraceFlow's own cache ({@code cacheHit}) reached no provider and costs 0.
     */
    public Double cost(String model, String responseModel, Long promptTokens, Long cachedTokens,
            Long completionTokens, boolean cacheHit) {
        if (promptTokens == null && completionTokens == null) {
            return null;
        }
        if (cacheHit) {
            return 0.0;
        }
        Optional<Price> found = find(model, responseModel);
        return found.isEmpty() ? null : found.get().cost(promptTokens, cachedTokens, completionTokens);
    }
}
