package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Violation;
import io.slaguard.manager.notify.ViolationMessages;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.MonitoringStack;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Against a real Prometheus scraping a Pushgateway that holds Lithops lifecycle telemetry. */
class NotStartedExpanderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");

    private final MonitoringStack stack = MonitoringStack.shared();
    private final MetricsSource prometheus = new PrometheusMetricsSource(stack.prometheus().url(),
            PrometheusSettings.anonymous());
    private final NotStartedExpander expander = new NotStartedExpander(prometheus, TIMEOUT);
    private final String instance = Ids.newInstance();
    private final Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 1);

    @Test
    void aJobWithOneOfThreeCallsStartedBecomesOneViolationPerMissingCall() throws Exception {
        pushJob(3);
        pushStart(job.call(1).callId(), 0);
        pushStart(job.call(1).callId(), 1);
        Instant tick = scraped("count(" + Telemetry.FUNCTION_START + "{job_id=\"" + job.jobId() + "\"}) == 2");
        Violation parent = jobViolation(2);

        List<Violation> expanded = expander.expand(parent, tick);

        String call0 = job.call(0).callId();
        String call2 = job.call(2).callId();
        assertThat(expanded).extracting(Violation::key).containsExactly(call0, call2);
        for (Violation v : expanded) {
            assertThat(v.labels()).containsEntry(Telemetry.CALL_ID, v.key())
                    .containsEntry(Telemetry.JOB_ID, job.jobId())
                    .containsEntry(Telemetry.EXPORTED_INSTANCE, instance)
                    .containsEntry(Telemetry.FUNCTION_NAME, "summ")
                    .containsEntry(Violations.NOT_STARTED_LABEL, v.key());
            assertThat(v.agreementId()).isEqualTo(parent.agreementId());
            assertThat(v.guarantee()).isEqualTo(Violations.NOT_STARTED);
            assertThat(v.datetime()).isEqualTo(parent.datetime());
            assertThat(v.resource()).isEqualTo("summ");
            assertThat(v.id()).isNotEqualTo(parent.id());
            assertThat(ViolationMessages.toMessage(v).notStarted()).isEqualTo(v.key());
        }
        assertThat(expander.expand(parent, tick)).extracting(Violation::id)
                .as("ids are the same when the same violation is expanded again")
                .containsExactlyElementsOf(expanded.stream().map(Violation::id).toList());
        assertThat(parent.key()).as("the job-level violation is not altered").isEqualTo(job.jobId());
    }

    @Test
    void aJobWithoutItsCallCountStaysOneViolation() throws Exception {
        Violation parent = jobViolation(1);

        assertThat(expander.expand(parent, Instant.now())).containsExactly(parent);
    }

    @Test
    void otherViolationsPassThroughUntouched() throws Exception {
        Violation tooLong = new Violation(UUID.randomUUID().toString(), "a", Violations.TOO_LONG, Instant.now(),
                instance + "-0-M000-00000", "", 3, Map.of());
        Violation instanceKey = new Violation(UUID.randomUUID().toString(), "a", Violations.NOT_STARTED,
                Instant.now(), instance, "", 1, Map.of());

        assertThat(expander.expand(tooLong, Instant.now())).containsExactly(tooLong);
        assertThat(expander.expand(instanceKey, Instant.now())).containsExactly(instanceKey);
    }

    @Test
    void anUnreachablePrometheusMakesTheExpansionFail() {
        NotStartedExpander blind = new NotStartedExpander(new PrometheusMetricsSource(
                "http://127.0.0.1:" + FreePort.find(), PrometheusSettings.anonymous()), TIMEOUT);

        assertThatThrownBy(() -> blind.expand(jobViolation(3), Instant.now()))
                .isInstanceOf(MetricsSource.MetricsSourceException.class);
    }

    private Violation jobViolation(double notStarted) {
        return new Violation(UUID.randomUUID().toString(), "agreement-" + instance, Violations.NOT_STARTED,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), job.jobId(), "summ", notStarted,
                Map.of(Telemetry.JOB_ID, job.jobId(), Telemetry.FUNCTION_NAME, "summ",
                        Telemetry.EXPORTED_INSTANCE, instance));
    }

    private void pushJob(int calls) throws IOException {
        push("PUT", Telemetry.groupPath(Telemetry.PUSH_JOB, Telemetry.jobGroup(instance, job.jobId(), "summ")),
                "# TYPE job_total_calls counter\njob_total_calls " + calls + "\n"
                        + "# TYPE job_runtime_memory counter\njob_runtime_memory 256\n");
    }

    private void pushStart(String callId, int attempt) throws IOException {
        push("POST", Telemetry.groupPath(Telemetry.PUSH_JOB,
                        Telemetry.callGroup(instance, job.jobId(), callId, "summ", attempt)),
                "# TYPE function_start gauge\nfunction_start " + Times.epochSeconds(Instant.now()) + "\n");
    }

    private void push(String method, String path, String body) throws IOException {
        Request request = new Request.Builder().url(stack.pushgateway().url() + path)
                .method(method, RequestBody.create(body, TEXT)).build();
        try (Response response = HTTP.newCall(request).execute()) {
            assertThat(response.code()).as("push to %s", path).isBetween(200, 299);
        }
    }

    /** Waits until Prometheus has scraped what the test pushed; the tick is then. */
    private Instant scraped(String condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !stack.prometheus().query(condition).isEmpty()
                && !stack.prometheus().query(Telemetry.JOB_TOTAL_CALLS + "{job_id=\"" + job.jobId() + "\"}").isEmpty());
        return Instant.now();
    }
}
