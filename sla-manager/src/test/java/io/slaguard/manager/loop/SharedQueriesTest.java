package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.WorkerTelemetry;

/**
 * The running manager against the real Prometheus: two agreements made from one template with the same parameters
 * cost one query a tick, a third with another parameter its own, and each of them still reports the straggler.
 */
class SharedQueriesTest {

    @Test
    void agreementsWithTheSameQueryShareItsAnswerAtEachTick() throws Exception {
        MonitoringStack stack = MonitoringStack.shared();
        String instance = Ids.newInstance();
        String job = instance + "-0-M000";
        String straggler = job + "-00001";
        try (ManagerInstance manager = ManagerInstance.start(Map.of(
                "sla.prometheus.url", stack.prometheus().url(),
                "sla.transient-time", "1h"))) {
            HttpApi api = manager.api();
            // call 0 took 1 s; call 1 has been running for 20 s: past 1.3 and 1.5 times the mean
            double now = Times.epochSeconds(Instant.now());
            WorkerTelemetry telemetry = new WorkerTelemetry(stack.pushgateway().url());
            telemetry.job(instance, job, "fn", 2, 256);
            telemetry.start(instance, job + "-00000", "fn", 0, now - 25);
            telemetry.end(instance, job + "-00000", "fn", 0, now - 24);
            telemetry.start(instance, straggler, "fn", 0, now - 20);
            Map<String, String> tfactors = Map.of("twin-a-" + instance, "1.3", "twin-b-" + instance, "1.3",
                    "other-" + instance, "1.5");
            tfactors.forEach((name, tfactor) -> assertThat(api.send("POST", "/create-agreement", """
                    {"template_id": "cloudbutton_tooLong", "parameters": {"agreementname": "%s", "TFACTOR": %s}}"""
                    .formatted(name, tfactor)).status()).isEqualTo(201));

            for (String name : tfactors.keySet()) {
                await("straggler reported by " + name).atMost(Duration.ofSeconds(60))
                        .until(() -> api.get("/agreements/" + name + "/violations").body().contains(straggler));
            }
            // from now on every tick asks three queries: the twins' one, sent once, and the other agreement's
            double[] before = queryCounts(api);
            await("ten shared answers").atMost(Duration.ofSeconds(60))
                    .until(() -> queryCounts(api)[1] - before[1] >= 10);
            double[] after = queryCounts(api);
            double shared = after[1] - before[1];
            double sent = after[0] - before[0];
            // two sent for one shared a tick; the samples may each fall inside a tick, hence the slack of a tick
            assertThat(sent).isBetween(2 * shared - 2, 2 * shared + 2);
        }
    }

    /** {sent, shared} from the manager's own metrics. */
    private static double[] queryCounts(HttpApi api) {
        String metrics = api.get("/actuator/prometheus").body();
        return new double[] {count(metrics, Violations.ANSWER_SENT), count(metrics, Violations.ANSWER_SHARED)};
    }

    private static double count(String metrics, String answer) {
        Matcher m = Pattern.compile("(?m)^" + Violations.METRIC_ASSESSMENT_QUERIES_TOTAL + "\\{"
                + Violations.LABEL_ANSWER + "=\"" + answer + "\"[^}]*} ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as("%s{answer=%s} in %s", Violations.METRIC_ASSESSMENT_QUERIES_TOTAL, answer, metrics)
                .isTrue();
        return Double.parseDouble(m.group(1));
    }
}
