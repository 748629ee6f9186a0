package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.slaguard.manager.store.SupportedDatabases;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bounded adversarial suite: generated malformed, deep, huge, wrongly typed and unicode inputs on every
 * mutating route, every id shape, numbers at the limits, amplifying agreements and concurrent create/stop/delete,
 * against one running manager on H2 and one on PostgreSQL (the database is one more generated choice). Every answer
 * is below 500, an error comes in the documented body, a refusal stores nothing, and no answer exceeds a bound.
 * The tries are fixed so the suite costs about a minute; the totals go to target/adversarial-report.txt.
 */
class AdversarialApiTest {
    /** Largest answer any route may give here: the request limit is 1 MiB and reads are bounded. */
    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Writes ids as \\u escapes, so even a lone surrogate (which UTF-8 cannot carry) reaches the manager. */
    private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final SupportedDatabases DATABASES = new SupportedDatabases("sla_adversarial");
    private static final Map<String, ManagerInstance> MANAGERS = new java.util.LinkedHashMap<>();
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong SERVER_ERRORS = new AtomicLong();
    private static final AtomicLong LARGEST = new AtomicLong();

    @BeforeContainer
    static void start() throws Exception {
        for (String kind : List.of("h2", "postgresql")) {
            MANAGERS.put(kind, DATABASES.manager(kind, Map.of("sla.assessment.enabled", "false")));
        }
    }

    @AfterContainer
    static void stop() throws Exception {
        MANAGERS.values().forEach(ManagerInstance::close);
        DATABASES.dropAll();
        String report = "requests " + REQUESTS.get() + ", 5xx " + SERVER_ERRORS.get() + ", largest response "
                + LARGEST.get() + " bytes\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "adversarial-report.txt"), report);
        System.out.println("adversarial suite: " + report);
    }

    @Provide
    Arbitrary<String> databases() {
        return Arbitraries.of("h2", "postgresql");
    }

    @Property(tries = 250)
    void mutatingRoutesAnswerArbitraryBodiesWithoutAServerError(@ForAll("databases") String db,
                                                                @ForAll("mutatingRoutes") String route,
                                                                @ForAll("bodies") String body) {
        String[] methodAndPath = route.split(" ", 2);
        HttpApi.Reply reply = checked(api(db).send(methodAndPath[0], methodAndPath[1], body));
        if (reply.status() >= 400) {
            assertThat(api(db).get("/agreements/adv%20fixed").status()).isIn(200, 404);
        }
    }

    @Property(tries = 200)
    void everyIdShapeIsStoredAndAddressableOrRefusedWithNothingStored(@ForAll("databases") String db,
                                                                      @ForAll("ids") String id) {
        HttpApi api = api(db);
        int before = JSON.readTree(api.get("/agreements").body()).size();
        HttpApi.Reply created = checked(api.send("POST", "/agreements", agreementJson(id, "x < 1", "vector(1)")));
        if (created.status() == 201) {
            String path = Links.resource("agreements", id).getRawPath();
            assertThat(JSON.readTree(checked(api.get(path)).body()).path("id").asString())
                    .as("id %s", id.codePoints().mapToObj(Integer::toHexString).toList()).isEqualTo(id);
            assertThat(checked(api.send("PUT", path + "/stop", null)).status()).isEqualTo(204);
            assertThat(checked(api.send("DELETE", path, null)).status()).isEqualTo(204);
        } else {
            assertThat(created.status()).isIn(400, 409);
            assertThat(JSON.readTree(api.get("/agreements").body()).size()).isEqualTo(before);
        }
    }

    @Property(tries = 120)
    void numbersAtTheLimitsNeverExhaustTheManager(@ForAll("databases") String db, @ForAll("numbers") String number) {
        HttpApi.Reply reply = checked(api(db).send("POST", "/create-agreement?dry_run=true", """
                {"template_id": "cloudbutton_tooLong", "parameters": {"agreementname": "n", "TFACTOR": %s}}"""
                .formatted(number)));
        assertThat(reply.status()).isIn(200, 400);
    }

    @Property(tries = 40)
    void amplifyingAgreementsAreRefusedOrStayBounded(@ForAll("databases") String db,
                                                     @ForAll("metricLengths") int metricLength,
                                                     @ForAll("mentions") int mentions) {
        HttpApi api = api(db);
        String id = "amp-" + metricLength + "-" + mentions;
        String metric = "sum(up{job=\\\"" + "j".repeat(metricLength) + "\\\"})";
        String constraint = String.join(" + ", java.util.Collections.nCopies(mentions, "x")) + " > 1";
        HttpApi.Reply created = checked(api.send("POST", "/agreements", agreementJson(id, constraint, metric)));
        if (created.status() == 201) {
            checked(api.get("/agreements/" + id + "/queries"));
            checked(api.send("DELETE", "/agreements/" + id, null));
        } else {
            assertThat(created.status()).isEqualTo(400);
            assertThat(api.get("/agreements/" + id).status()).isEqualTo(404);
        }
    }

    @Property(tries = 15)
    void concurrentCreateStopDeleteNeverFailsOnTheServer(@ForAll("databases") String db) throws Exception {
        HttpApi api = api(db);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpApi.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = "race-" + (i % 2);
                replies.add(pool.submit(() -> api.send("POST", "/agreements", agreementJson(id, "x < 1", "vector(1)"))));
                replies.add(pool.submit(() -> api.send("PUT", "/agreements/" + id + "/stop", null)));
                replies.add(pool.submit(() -> api.send("DELETE", "/agreements/" + id, null)));
            }
            for (Future<HttpApi.Reply> reply : replies) {
                assertThat(checked(reply.get()).status()).isIn(201, 204, 404, 409);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Provide
    Arbitrary<String> mutatingRoutes() {
        return Arbitraries.of("POST /agreements", "POST /create-agreement", "POST /create-agreement?dry_run=true",
                "POST /templates", "POST /providers", "PATCH /agreements/adv%20fixed", "PUT /agreements/adv%20fixed",
                "PUT /templates/cloudbutton_tooLong", "POST /agreements/adv%20fixed/evaluate",
                "PUT /agreements/adv%20fixed/stop", "DELETE /providers/nobody");
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> jsonString = unicode.map(s -> JSON.writeValueAsString(s));
        Arbitrary<String> wrongTypes = Arbitraries.of("[]", "null", "1", "true", "\"x\"", "{\"id\": 5}",
                "{\"details\": []}", "{\"details\": {\"guarantees\": \"no\"}}", "{\"parameters\": [1]}",
                "{\"template_id\": {}}", "{\"state\": 3}", "{\"id\": \"x\", \"details\": {\"variables\": 7}}");
        Arbitrary<String> deep = Arbitraries.integers().between(10, 5000).map(n -> "[".repeat(n) + "]".repeat(n));
        Arbitrary<String> deepObject = Arbitraries.integers().between(10, 3000)
                .map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n));
        Arbitrary<String> huge = Arbitraries.integers().between(100_000, 1_200_000)
                .map(n -> "{\"id\": \"" + "h".repeat(n) + "\"}");
        Arbitrary<String> malformed = Arbitraries.of("{", "{\"id\":", "}{", "{\"id\": \"a\",}", "\u0000", "{'a': 1}",
                "{\"a\": 1e99999999}", "{\"a\": -}", "\uFEFF{}");
        Arbitrary<String> agreements = Combinators.combine(ids(), jsonString, jsonString)
                .as((id, metric, constraint) -> "{\"id\": " + ESCAPING.writeValueAsString(id) + ", \"name\": \"n\","
                        + " \"details\": {\"provider\": {\"id\": \"p\", \"name\": \"P\"}, \"client\": {\"id\": \"c\","
                        + " \"name\": \"C\"}, \"variables\": [{\"name\": \"x\", \"metric\": " + metric + "}],"
                        + " \"guarantees\": [{\"name\": \"g\", \"constraint\": " + constraint + "}]}}");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, wrongTypes), net.jqwik.api.Tuple.of(2, deep), net.jqwik.api.Tuple.of(2, deepObject),
                net.jqwik.api.Tuple.of(1, huge), net.jqwik.api.Tuple.of(3, malformed), net.jqwik.api.Tuple.of(4, agreements),
                net.jqwik.api.Tuple.of(2, jsonString));
    }

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> printable = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> withSeparators = Combinators.combine(printable,
                Arbitraries.of("/", "\\", "\n", "\u0000", "\u2028", "%2F", "..", ";", "?", "#", "%", " ", "\t", "+"),
                printable).as((a, sep, b) -> a + sep + b);
        Arbitrary<String> long1 = Arbitraries.integers().between(250, 300).map("L"::repeat);
        return Arbitraries.oneOf(printable, withSeparators, long1, Arbitraries.of(".", "..", " ", "a b c"));
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("1", "-1", "9.99", "0.5", "1234567890"),
                Arbitraries.of("e", "E"), Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L))
                .as((m, e, x) -> m + e + x);
        return Arbitraries.oneOf(exponent, exponent.map(s -> "\"" + s + "\""),
                Arbitraries.bigDecimals().map(d -> "\"" + d.toPlainString() + "\""),
                Arbitraries.of("1e308", "-1e308", "4.9e-324", "\"NaN\"", "\"Infinity\"", "1e15", "\"1e15\"",
                        "\"1000000000000001\"", "0", "\"0.000000000000000000000000000001\""));
    }

    @Provide
    Arbitrary<Integer> metricLengths() {
        return Arbitraries.of(10, 1_000, 20_000, 60_000, 200_000);
    }

    @Provide
    Arbitrary<Integer> mentions() {
        return Arbitraries.of(1, 2, 5, 50, 500);
    }

    private static HttpApi api(String db) {
        return MANAGERS.get(db).api();
    }

    /** Counts the reply and checks what every reply must be: no 5xx, a bounded size, errors in the error body. */
    private static HttpApi.Reply checked(HttpApi.Reply reply) {
        REQUESTS.incrementAndGet();
        LARGEST.accumulateAndGet(reply.body().length(), Math::max);
        if (reply.status() >= 500) {
            SERVER_ERRORS.incrementAndGet();
        }
        assertThat(reply.status()).as(reply.body()).isLessThan(500);
        assertThat(reply.body().length()).isLessThanOrEqualTo(MAX_RESPONSE_BYTES);
        if (reply.status() >= 400) {
            JsonNode error = JSON.readTree(reply.body());
            assertThat(error.path("code").asString()).isEqualTo(Integer.toString(reply.status()));
            assertThat(error.path("message").isString()).isTrue();
        }
        return reply;
    }

    private static String agreementJson(String id, String constraint, String metric) {
        return """
                {"id": %s, "name": "adversarial",
                 "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                   "variables": [{"name": "x", "metric": "%s"}],
                   "guarantees": [{"name": "g", "constraint": "%s"}]}}""".formatted(ESCAPING.writeValueAsString(id),
                metric, constraint);
    }
}
