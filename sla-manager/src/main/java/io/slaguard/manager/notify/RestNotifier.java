package io.slaguard.manager.notify;

import java.io.IOException;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.PasswordMask;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.Violations;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** POSTs each violation message as JSON to a configured URL; only a 2xx answer counts as delivered. */
public final class RestNotifier implements Notifier {
    public static final String NAME = "rest";
    private static final MediaType JSON = MediaType.get(Violations.CONTENT_TYPE);

    private final RestSettings settings;
    private final OkHttpClient http;

    public RestNotifier(RestSettings settings) {
        this.settings = settings;
        this.http = new OkHttpClient.Builder().callTimeout(settings.timeout()).connectTimeout(settings.timeout())
                .readTimeout(settings.timeout()).writeTimeout(settings.timeout()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Violation violation) throws IOException {
        byte[] body = ViolationCodec.encode(ViolationMessages.toMessage(violation));
        Request request = new Request.Builder().url(settings.url()).post(RequestBody.create(body, JSON))
                .header("Idempotency-Key", violation.id()).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("POST " + PasswordMask.mask(settings.url()) + " answered " + response.code());
            }
        }
    }

    @Override
    public String toString() {
        return "RestNotifier[" + PasswordMask.mask(settings.url()) + "]";
    }
}
