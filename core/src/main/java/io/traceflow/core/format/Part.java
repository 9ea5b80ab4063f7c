package io.traceflow.core.format;

/**
 * One piece of a message in the neutral format: the part types of the OpenTelemetry GenAI semantic conventions
 * (v1.41, {@code gen-ai-input-messages.json}), which every library's messages are read into. Stored as JSON by
 * {@link NeutralJson}: {@code {"type": "text", "content": "…"}} and so on.
 */
public sealed interface Part permits Part.Text, Part.ToolCall, Part.ToolCallResponse, Part.Uri, Part.Blob,
        Part.File, Part.Reasoning, Part.Other {

    /** The part's {@code type} as stored. */
    String type();

    /** Plain text. */
    record Text(String content) implements Part {
        @Override
        public String type() {
            return "text";
        }
    }

    /**
     * The model asks for a tool to be called.
     *
     * @param arguments the arguments as the model wrote them (JSON text, usually an object); null when none
     */
    record ToolCall(String id, String name, String arguments) implements Part {
        @Override
        public String type() {
            return "tool_call";
        }
    }

    /** A tool's result, sent back to the model; {@code id} is the tool call's id when the API has one. */
    record ToolCallResponse(String id, String response) implements Part {
        @Override
        public String type() {
            return "tool_call_response";
        }
    }

    /** Media by reference (an image URL): never the bytes. {@code modality}: image, video, audio, or null. */
    record Uri(String modality, String uri, String mimeType) implements Part {
        @Override
        public String type() {
            return "uri";
        }
    }

    /**
     * Media sent inline (base64, a {@code data:} URL): only its kind and size are kept here, the bytes stay in the
     * verbatim request.
     */
    record Blob(String modality, String mimeType, long bytes) implements Part {
        @Override
        public String type() {
            return "blob";
        }
    }

    /**
     * A file by the provider's id (uploaded before), or by its name when it was sent inline (its bytes stay in the
     * verbatim request). {@code modality}: image, video, audio, or null for a document.
     */
    record File(String modality, String fileId, String name, String mimeType) implements Part {
        @Override
        public String type() {
            return "file";
        }
    }

    /** The model's reasoning or thinking text. */
    record Reasoning(String content) implements Part {
        @Override
        public String type() {
            return "reasoning";
        }
    }

    /** Anything else a library sends (a file, a server-side tool), by its type and a short text, when there is one. */
    record Other(String type, String content) implements Part {
    }
}
