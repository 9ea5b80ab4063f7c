package io.traceflow.core.capture;

/**
 * What a call's cache key covers, as its library adapter reads it off the request on the app thread.
 *
 * @param endpoint where the request goes (base URL, and for a framework the model class): part of the key
 * @param requestJson the request as JSON, in any field order (the cache canonicalizes it)
 * @param temperature the call's temperature, null when not set (the provider's default, not 0)
 * @param model the requested model, for the entry and for messages
 * @param lastUserText the last user message, for the message of a strict-replay miss
 */
public record CacheRequest(String endpoint, String requestJson, Double temperature, String model,
        String lastUserText) {
}
