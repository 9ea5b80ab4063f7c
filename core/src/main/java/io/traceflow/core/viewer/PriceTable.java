package io.traceflow.core.viewer;

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

/**
 * Model prices in USD per million tokens: a built-in table for common OpenAI models ({@code prices.json} next to this
 * class), extended and overridden by the file named with {@code traceflow.prices}. A model that is not in the table
 * has no price, and its cost is unknown ({@code null}) rather than a guess.
 *
 * <p>Lookup is by exact model name, then with a date snapshot suffix removed ({@code gpt-4o-mini-2024-07-18} is
 * priced as {@code gpt-4o-mini}, unless the snapshot has its own row). There is no other fuzzy matching: a prefix
 * would price {@code gpt-4o-mini} as {@code gpt-4o}.
 */
public final class PriceTable {
    /** USD per million tokens; {@code cachedInput} null means cached input tokens cost the full input price. */
    public record Price(double input, Double cachedInput, double output) {
    }

    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{4})$");
    private static final String BUILT_IN = "prices.json";

    private final Map<String, Price> prices;
    private final String source;

    private PriceTable(Map<String, Price> prices, String source) {
        this.prices = Collections.unmodifiableMap(prices);
        this.source = source;
    }

    public static PriceTable builtIn() {
        try (InputStream in = PriceTable.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("built-in price table " + BUILT_IN + " is missing from the jar");
            }
            return new PriceTable(parse(Json.MAPPER.readTree(in), "built-in"), "built-in");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in price table", e);
        }
    }

    /**
     * The built-in table with the file's entries added (or replacing built-in ones); {@code file} null or blank
     * means the built-in table alone.
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
            root = Json.MAPPER.readTree(Files.readString(path));
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
            double input = number(p, "input", e.getKey(), where, true);
            double output = number(p, "output", e.getKey(), where, true);
            Double cached = p.has("cached_input") ? number(p, "cached_input", e.getKey(), where, true) : null;
            out.put(e.getKey().toLowerCase(Locale.ROOT), new Price(input, cached, output));
        }
        return out;
    }

    private static double number(JsonNode p, String field, String model, String where, boolean required) {
        JsonNode v = p.get(field);
        if (v == null || !v.isNumber() || v.asDouble() < 0) {
            throw new IllegalArgumentException("price of " + model + " in " + where + ": \"" + field
                    + "\" must be a number >= 0 (USD per million tokens)");
        }
        return v.asDouble();
    }

    public String source() {
        return source;
    }

    public Map<String, Price> entries() {
        return prices;
    }

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

    /** The price for a step: its requested model, else the model the provider says answered. */
    public Optional<Price> find(String model, String responseModel) {
        Optional<Price> price = find(model);
        return price.isPresent() ? price : find(responseModel);
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
        if (found.isEmpty()) {
            return null;
        }
        return cost(found.get(), promptTokens, cachedTokens, completionTokens);
    }

    static double cost(Price price, Long promptTokens, Long cachedTokens, Long completionTokens) {
        long prompt = promptTokens == null ? 0 : promptTokens;
        long cached = cachedTokens == null ? 0 : Math.min(cachedTokens, prompt);
        long completion = completionTokens == null ? 0 : completionTokens;
        double cachedPrice = price.cachedInput() == null ? price.input() : price.cachedInput();
        return ((prompt - cached) * price.input() + cached * cachedPrice + completion * price.output()) / 1_000_000.0;
    }
}
