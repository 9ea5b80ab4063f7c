package io.traceflow.instrumentation.openai.v4;

import static io.traceflow.instrumentation.openai.v4.OpenAiAdapterReadTest.PARIS;
import static io.traceflow.instrumentation.openai.v4.OpenAiAdapterReadTest.ROME;
import static io.traceflow.instrumentation.openai.v4.OpenAiAdapterReadTest.fullChatRequest;
import static io.traceflow.instrumentation.openai.v4.OpenAiAdapterReadTest.toolResultsRequest;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.elements;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCompletedEvent;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItemAddedEvent;
import com.openai.models.responses.ResponseOutputItemDoneEvent;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * The tool call ids that link a manual tool loop into one trace: those an answer asks for (a completion, a chat
 * stream's chunks, a Responses API answer), and those a request answers (only the tool results at its end: earlier
 * ones were answered by an earlier call of the loop).
 */
class OpenAiToolCallIdsTest {
    private static final OpenAiAdapter ADAPTER = OpenAiAdapter.INSTANCE;
    static final String RESPONSES_CALL = "call_R8sT2uV4wX6yZ0aB1cD3eF5g";

    // ---- asked ----

    @Test
    void aCompletionAsksForItsToolCalls() {
        ChatCompletion completion = parse("chat-response-tool-calls", ChatCompletion.class);

        assertThat(ADAPTER.toolCallIdsAsked(completion, List.of())).containsExactly(PARIS, ROME);
        assertThat(ADAPTER.toolCallIdsAsked(parse("chat-response-text", ChatCompletion.class), List.of())).isEmpty();
    }

    @Test
    void aChatStreamAsksForTheIdsItsChunksCarry() {
        List<Object> toolChunks = new ArrayList<>(elements("chat-stream-tool-calls", ChatCompletionChunk.class));
        List<Object> textChunks = new ArrayList<>(elements("chat-stream-text", ChatCompletionChunk.class));

        assertThat(ADAPTER.toolCallIdsAsked(null, toolChunks)).as("one id per call, on its first fragment")
                .containsExactly(PARIS, ROME);
        assertThat(ADAPTER.toolCallIdsAsked(null, textChunks)).isEmpty();
    }

    @Test
    void aResponseAsksForItsFunctionCalls() {
        Response response = parse("responses-response-function-call", Response.class);

        assertThat(ADAPTER.toolCallIdsAsked(response, List.of())).containsExactly(RESPONSES_CALL);
        assertThat(ADAPTER.toolCallIdsAsked(parse("responses-response-message", Response.class), List.of()))
                .isEmpty();
    }

    @Test
    void aResponsesStreamAsksForTheFunctionCallsOfItsDoneItems() {
        ResponseFunctionToolCall call = ResponseFunctionToolCall.builder().id("fc_68af2d1c4d5e8193")
                .callId(RESPONSES_CALL).name("get_weather").arguments("{\"city\":\"Paris\"}")
                .status(ResponseFunctionToolCall.Status.COMPLETED).build();
        List<Object> events = new ArrayList<>(elements("responses-stream-completed", ResponseStreamEvent.class)
                .subList(0, 2)); // created, in progress
        events.add(ResponseStreamEvent.ofOutputItemAdded(ResponseOutputItemAddedEvent.builder()
                .item(call.toBuilder().arguments("").status(ResponseFunctionToolCall.Status.IN_PROGRESS).build())
                .outputIndex(0).sequenceNumber(2).build()));
        events.add(ResponseStreamEvent.ofOutputItemDone(ResponseOutputItemDoneEvent.builder().item(call)
                .outputIndex(0).sequenceNumber(3).build()));
        events.add(ResponseStreamEvent.ofCompleted(ResponseCompletedEvent.builder()
                .response(parse("responses-response-function-call", Response.class)).sequenceNumber(4).build()));
        List<Object> textEvents = new ArrayList<>(elements("responses-stream-completed", ResponseStreamEvent.class));

        assertThat(ADAPTER.toolCallIdsAsked(null, events)).as("once, though three events carry it")
                .containsExactly(RESPONSES_CALL);
        assertThat(ADAPTER.toolCallIdsAsked(null, textEvents)).isEmpty();
    }

    @Test
    void anythingElseAsksForNothing() {
        assertThat(ADAPTER.toolCallIdsAsked(null, List.of())).isEmpty();
        assertThat(ADAPTER.toolCallIdsAsked("text", List.of("chunk"))).isEmpty();
    }

    // ---- answered ----

    @Test
    void aChatRequestAnswersTheToolMessagesAtItsEnd() {
        assertThat(ADAPTER.toolCallIdsAnswered(toolResultsRequest())).containsExactlyInAnyOrder(PARIS, ROME);
    }

    @Test
    void toolMessagesFollowedByOthersWereAnsweredBefore() {
        // The recorded request has both tool results, then the assistant's answer and a new user question.
        assertThat(fullChatRequest().messages()).anyMatch(m -> m.isTool());

        assertThat(ADAPTER.toolCallIdsAnswered(fullChatRequest())).isEmpty();
    }

    @Test
    void onlyTheTrailingToolMessagesCount() {
        ChatCompletionCreateParams params = toolResultsRequest().toBuilder().addUserMessage("Thanks. And Milan?")
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(OpenAiAdapterReadTest.functionCall("call_milan", "{\"city\":\"Milan\"}"))
                        .build())
                .addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId("call_milan").content("{\"temp\":24}").build())
                .build();

        assertThat(ADAPTER.toolCallIdsAnswered(params)).containsExactly("call_milan");
    }

    @Test
    void aResponsesRequestAnswersTheFunctionCallOutputsAtItsEnd() {
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4o-mini").inputOfResponse(List.of(
                ResponseInputItem.ofFunctionCall(ResponseFunctionToolCall.builder().callId(RESPONSES_CALL)
                        .name("get_weather").arguments("{\"city\":\"Paris\"}").build()),
                ResponseInputItem.ofFunctionCall(ResponseFunctionToolCall.builder().callId("call_rome")
                        .name("get_weather").arguments("{\"city\":\"Rome\"}").build()),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(RESPONSES_CALL).output("{\"temp\":21}").build()),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId("call_rome").output("{\"temp\":26}").build())))
                .build();

        assertThat(ADAPTER.toolCallIdsAnswered(params)).containsExactlyInAnyOrder(RESPONSES_CALL, "call_rome");
    }

    @Test
    void aFunctionCallOutputFollowedByAUserMessageWasAnsweredBefore() {
        ResponseCreateParams params = ResponseCreateParams.builder()
                .body(parse("responses-request-items", ResponseCreateParams.Body.class)).build();

        assertThat(ADAPTER.toolCallIdsAnswered(params)).isEmpty();
    }

    @Test
    void aPlainPromptAnswersNothing() {
        assertThat(ADAPTER.toolCallIdsAnswered(ResponseCreateParams.builder().model("gpt-4o-mini").input("Hi")
                .build())).isEmpty();
        assertThat(ADAPTER.toolCallIdsAnswered(OpenAiAdapterReadTest.streamingRequest())).isEmpty();
        assertThat(ADAPTER.toolCallIdsAnswered(null)).isEmpty();
    }
}
