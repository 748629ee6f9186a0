package io.slaguard.executor.backend;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.ErrorKind;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Invokes AWS Lambda functions request-response with the SDK's async client. The SDK's own retries are off:
 * relaunching is remediation's decision, and a retried invoke would run user code twice unseen. Function
 * errors, throttling and timeouts are reported per call as distinct {@link ErrorKind}s; a cancelled attempt's
 * response is ignored (Lambda cannot stop a running invocation).
 */
public final class LambdaBackend implements Backend {
    private static final Logger log = LoggerFactory.getLogger(LambdaBackend.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LambdaSettings settings;
    private final LambdaAsyncClient client;
    private final Set<String> functions = ConcurrentHashMap.newKeySet();

    public LambdaBackend(LambdaSettings settings) {
        this.settings = settings;
        AwsCredentialsProvider credentials = settings.accessKeyId() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        LambdaAsyncClientBuilder builder = LambdaAsyncClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.invokeTimeout()))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(settings.concurrency())
                        // a function may legitimately answer after minutes: the API call timeout bounds the wait
                        .readTimeout(settings.invokeTimeout()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.client = builder.build();
        log.info("Lambda backend: {}", settings);
    }

    @Override
    public String name() {
        return "lambda";
    }

    @Override
    public int concurrency() {
        return settings.concurrency();
    }

    @Override
    public boolean supports(CallFunction function) {
        return function instanceof CallFunction.Lambda;
    }

    @Override
    public AttemptOutcome run(AttemptRequest request, Cancellation cancellation, StartListener started) {
        String functionName = ((CallFunction.Lambda) request.function()).name();
        functions.add(functionName);
        InvokeRequest invoke = InvokeRequest.builder().functionName(functionName)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromUtf8String(payload(request))).build();
        started.started(-1);
        CompletableFuture<InvokeResponse> response = client.invoke(invoke);
        cancellation.onCancel(() -> response.cancel(true));
        try {
            InvokeResponse answer = response.get();
            String body = answer.payload() == null ? "" : answer.payload().asUtf8String();
            if (answer.functionError() != null) {
                return AttemptOutcome.failure(ErrorKind.FUNCTION_ERROR, null, answer.functionError() + ": " + body);
            }
            return AttemptOutcome.success(body, null);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return AttemptOutcome.failure(ErrorKind.INVOKE_ERROR, null, "interrupted");
        } catch (CancellationException e) {
            return AttemptOutcome.failure(ErrorKind.INVOKE_ERROR, null, "cancelled");
        } catch (ExecutionException e) {
            return failure(e.getCause());
        }
    }

    private static AttemptOutcome failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TooManyRequestsException throttled) {
            return AttemptOutcome.failure(ErrorKind.THROTTLED, null, throttled.getMessage());
        }
        if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
            return AttemptOutcome.failure(ErrorKind.TIMEOUT, null, cause.getMessage());
        }
        return AttemptOutcome.failure(ErrorKind.INVOKE_ERROR, null, cause.toString());
    }

    /**
     * {@code {"input": …, "call_id": …, "job_id": …, "attempt": n}}; an input that is a JSON number, object, array
     * or boolean is sent as that value (so {@code --range} inputs arrive as numbers), anything else as a string.
     */
    static String payload(AttemptRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.set("input", inputValue(request.input()));
        body.put("call_id", request.callId());
        body.put("job_id", request.jobId());
        body.put("attempt", request.attempt());
        return JSON.writeValueAsString(body);
    }

    private static JsonNode inputValue(String input) {
        try {
            JsonNode parsed = JSON.readTree(input);
            if (parsed != null && (parsed.isNumber() || parsed.isObject() || parsed.isArray() || parsed.isBoolean())) {
                return parsed;
            }
        } catch (JacksonException e) {
            // not JSON: sent as a string
        }
        return JSON.getNodeFactory().stringNode(input);
    }

    /** With {@code zeroConcurrencyOnCancel}: reserved concurrency 0 on every function this backend invoked. */
    @Override
    public void instanceCancelled() {
        if (!settings.zeroConcurrencyOnCancel()) {
            return;
        }
        for (String function : functions) {
            try {
                client.putFunctionConcurrency(b -> b.functionName(function).reservedConcurrentExecutions(0)).get();
                log.warn("reserved concurrency of Lambda function {} set to 0; restore it by hand", function);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                log.error("cannot set the reserved concurrency of {} to 0: {}", function, e.getCause().toString());
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
