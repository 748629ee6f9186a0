package io.slaguard.executor.backend;

import java.net.URI;
import java.time.Duration;

/**
 * How the Lambda backend reaches AWS.
 *
 * @param region                 AWS region, e.g. {@code us-east-1}
 * @param endpoint               endpoint override (a local emulator, a VPC endpoint), or null for AWS's own
 * @param accessKeyId            static credentials, or null to use the SDK's default chain (env, profile, role)
 * @param secretAccessKey        with {@code accessKeyId}
 * @param invokeTimeout          the longest an invocation may take before it is reported as a timeout
 * @param concurrency            invocations in flight at once
 * @param zeroConcurrencyOnCancel on tooCostly, also set the functions' reserved concurrency to 0 (stops queued
 *                               and future invocations by anyone; undo it by hand)
 */
public record LambdaSettings(String region, URI endpoint, String accessKeyId, String secretAccessKey,
                             Duration invokeTimeout, int concurrency, boolean zeroConcurrencyOnCancel) {
    /** Lambda's own limit on a function's run time, plus a margin for the round trip. */
    public static final Duration DEFAULT_INVOKE_TIMEOUT = Duration.ofSeconds(905);
    public static final int DEFAULT_CONCURRENCY = 100;

    public LambdaSettings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("a Lambda region is required (e.g. us-east-1)");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("static credentials need both the access key id and the secret key");
        }
        if (invokeTimeout == null || invokeTimeout.isZero() || invokeTimeout.isNegative()) {
            throw new IllegalArgumentException("the invoke timeout must be positive");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
    }

    public static LambdaSettings of(String region) {
        return new LambdaSettings(region, null, null, null, DEFAULT_INVOKE_TIMEOUT, DEFAULT_CONCURRENCY, false);
    }

    public LambdaSettings withEndpoint(URI endpoint) {
        return new LambdaSettings(region, endpoint, accessKeyId, secretAccessKey, invokeTimeout, concurrency,
                zeroConcurrencyOnCancel);
    }

    public LambdaSettings withStaticCredentials(String accessKeyId, String secretAccessKey) {
        return new LambdaSettings(region, endpoint, accessKeyId, secretAccessKey, invokeTimeout, concurrency,
                zeroConcurrencyOnCancel);
    }

    public LambdaSettings withInvokeTimeout(Duration invokeTimeout) {
        return new LambdaSettings(region, endpoint, accessKeyId, secretAccessKey, invokeTimeout, concurrency,
                zeroConcurrencyOnCancel);
    }

    public LambdaSettings withConcurrency(int concurrency) {
        return new LambdaSettings(region, endpoint, accessKeyId, secretAccessKey, invokeTimeout, concurrency,
                zeroConcurrencyOnCancel);
    }

    public LambdaSettings withZeroConcurrencyOnCancel(boolean zeroConcurrencyOnCancel) {
        return new LambdaSettings(region, endpoint, accessKeyId, secretAccessKey, invokeTimeout, concurrency,
                zeroConcurrencyOnCancel);
    }

    @Override
    public String toString() {
        // never the secret
        return "LambdaSettings[region=" + region + ", endpoint=" + endpoint + ", credentials="
                + (accessKeyId == null ? "default chain" : "static " + accessKeyId) + ", invokeTimeout="
                + invokeTimeout + ", concurrency=" + concurrency + ", zeroConcurrencyOnCancel="
                + zeroConcurrencyOnCancel + "]";
    }
}
