package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.slaguard.manager.model.KeyValue;
import io.slaguard.protocol.BuildVersion;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API over real HTTP on a random port, against an H2 file database in a temp dir. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sla.storage.url", () -> "jdbc:h2:file:" + dataDir.resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE");
        registry.add("sla.templates.dir", () -> ManagerInstance.repositoryTemplates().toString());
        registry.add("sla.legacy.search-default-files", () -> "false");
        registry.add("sla.prometheus.url", () -> "http://127.0.0.1:1");
        registry.add("sla.check-period", () -> "1s");
        registry.add("sla.security.allowed-monitoring-hosts", () -> "prometheus.example");
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    HttpApi api;

    @BeforeEach
    void client() {
        api = new HttpApi("http://127.0.0.1:" + port);
    }

    static String agreement(String id, String constraint) {
        return """
                {"id": "%s", "name": "n-%s", "state": "started",
                 "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                   "expiration": "2036-01-01T00:00:00Z",
                   "variables": [{"name": "x", "metric": "vector(1)"}],
                   "guarantees": [{"name": "g", "constraint": "%s"}]}}""".formatted(id, id, constraint);
    }

    JsonNode body(HttpApi.Reply reply) {
        return json.readTree(reply.body());
    }

    int agreementCount() {
        return body(api.get("/agreements")).size();
    }

    void assertError(HttpApi.Reply reply, int status, String messagePart) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = body(reply);
        assertThat(error.path("code").asString()).isEqualTo(Integer.toString(status));
        assertThat(error.path("message").asString()).contains(messagePart);
    }

    @Test
    void indexAndDocumentation() {
        assertThat(body(api.get("/")).path("routes").toString()).contains("/agreements");
        HttpApi.Reply redirect = api.get("/swaggerui");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).endsWith("/swagger-ui.html");
        JsonNode openApi = body(api.get("/v3/api-docs"));
        assertThat(openApi.path("paths").has("/agreements/{id}")).isTrue();
        assertThat(openApi.path("paths").path("/create-agreement").path("post").path("summary").asString()).isNotBlank();
        assertThat(openApi.path("info").path("title").asString()).isEqualTo("SLA manager");
        assertThat(openApi.path("info").path("version").asString()).isEqualTo(BuildVersion.current());
        assertThat(openApi.path("info").path("description").asString()).contains("API key");
        assertThat(openApi.path("components").path("securitySchemes").path("bearerKey").path("scheme").asString())
                .isEqualTo("bearer");
        assertThat(openApi.path("components").path("securitySchemes").path("apiKeyHeader").path("name").asString())
                .isEqualTo("X-API-Key");
        JsonNode create = openApi.path("paths").path("/agreements").path("post");
        assertThat(create.path("security").toString()).contains("bearerKey").contains("apiKeyHeader");
        assertThat(openApi.path("paths").path("/agreements").path("get").has("security")).isFalse();
        JsonNode conflict = create.path("responses").path("409").path("content").path("application/json");
        assertThat(conflict.path("schema").path("$ref").asString()).endsWith("/ApiError");
        assertThat(conflict.path("example").path("code").asString()).isEqualTo("409");
        assertThat(create.path("responses").has("400")).isTrue();
        assertThat(create.path("responses").path("201").path("content").path("application/json").path("example")
                .path("id").asString()).isEqualTo("a1");
        assertThat(create.path("responses").has("401")).isTrue();
        assertThat(openApi.path("paths").path("/agreements/{id}").path("get").path("responses").has("404")).isTrue();
        assertThat(openApi.path("paths").path("/agreements/{id}").path("get").path("responses").path("200")
                .path("content").path("application/json").path("example").path("id").asString()).isEqualTo("a1");
        assertThat(openApi.path("components").path("schemas").path("ApiError").path("properties").has("message"))
                .isTrue();
    }

    @Test
    void providersCrud() {
        assertThat(api.send("POST", "/providers", "{\"id\": \"aws\", \"name\": \"AWS\"}").status()).isEqualTo(201);
        assertError(api.send("POST", "/providers", "{\"id\": \"aws\", \"name\": \"other\"}"), 409, "already exists");
        assertThat(body(api.get("/providers/aws")).path("name").asString()).isEqualTo("AWS");
        assertError(api.send("POST", "/providers", "{\"ID\": \"ibm\"}"), 400, "Provider.Name is empty. ");
        assertError(api.get("/providers/ibm"), 404, "ibm");
        assertThat(api.send("DELETE", "/providers/aws", null).status()).isEqualTo(204);
        assertError(api.send("DELETE", "/providers/aws", null), 404, "aws");
    }

    @Test
    void agreementRoundTripMatchesFieldNamesIgnoringCaseAndIgnoresAssessment() {
        String input = """
                {"ID": "rt", "NAME": "round trip", "unknownField": {"x": 1},
                 "assessment": {"guarantees": 5, "first_execution": "garbage"},
                 "Details": {"Provider": {"Id": "p", "Name": "P"}, "client": {"id": "c", "name": "C"},
                   "Variables": [{"Name": "x", "Metric": "vector(1)"}],
                   "Guarantees": [{"Name": "g", "Constraint": "x < 2", "For": "15s"}]}}""";
        HttpApi.Reply created = api.send("POST", "/agreements", input);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode stored = body(api.get("/agreements/rt"));
        assertThat(stored.path("name").asString()).isEqualTo("round trip");
        assertThat(stored.path("state").asString()).isEqualTo("started");
        assertThat(stored.path("details").path("id").asString()).isEqualTo("rt");
        assertThat(stored.path("details").path("guarantees").get(0).path("for").asString()).isEqualTo("15s");
        assertThat(stored.path("details").path("creation").asString()).endsWith("Z");
        // whatever the loop wrote, the client's assessment was never taken
        assertThat(stored.path("assessment").path("guarantees").isObject() || stored.path("assessment").isMissingNode()).isTrue();
        assertThat(body(api.get("/agreements/rt/details")).path("provider").path("id").asString()).isEqualTo("p");
        assertThat(body(api.get("/agreements?active=true")).toString()).contains("\"rt\"");
    }

    @Test
    void everyValidationMessageAtOnceAndNothingStored() {
        int before = agreementCount();
        String input = """
                {"id": "bad1", "details": {"guarantees": [{"name": "g", "constraint": "x <"}]}}""";
        HttpApi.Reply reply = api.send("POST", "/agreements", input);
        assertError(reply, 400, "Agreement.Name is empty. ");
        assertThat(body(reply).path("message").asString())
                .contains("Agreement.Details.Provider.Id is empty. ", "Agreement.Details.Client.Id is empty. ",
                        "bad constraint");
        assertError(api.get("/agreements/bad1"), 404, "bad1");
        assertThat(agreementCount()).isEqualTo(before);
    }

    @Test
    void badConstraintNamesThePosition() {
        HttpApi.Reply reply = api.send("POST", "/agreements", agreement("badpos", "x < < 2"));
        assertError(reply, 400, "position");
        assertError(api.get("/agreements/badpos"), 404, "badpos");
    }

    @Test
    void duplicateIdIsAConflictAndLeavesTheFirst() {
        assertThat(api.send("POST", "/agreements", agreement("dup", "x < 2")).status()).isEqualTo(201);
        assertError(api.send("POST", "/agreements", agreement("dup", "x < 3").replace("n-dup", "other")), 409, "dup");
        assertThat(body(api.get("/agreements/dup")).path("name").asString()).isEqualTo("n-dup");
    }

    @Test
    void malformedBodiesAreRefusedWithTheErrorBody() {
        int before = agreementCount();
        assertError(api.send("POST", "/agreements", "{\"id\": \"m\", "), 400, "malformed JSON");
        assertError(api.send("POST", "/agreements", ""), 400, "malformed JSON");
        assertError(api.send("POST", "/agreements", "[1, 2]"), 400, "malformed JSON");
        HttpApi.Reply text = api.call(new Request.Builder().url(api.url() + "/agreements")
                .post(RequestBody.create("id=x", MediaType.get("text/plain"))), Map.of());
        assertError(text, 415, "application/json");
        assertError(api.send("DELETE", "/agreements", null), 405, "DELETE");
        assertError(api.get("/no/such/route"), 404, "no such route");
        assertThat(agreementCount()).isEqualTo(before);
    }

    @Test
    void bodiesOverOneMebibyteAre413AndChangeNothing() {
        int before = agreementCount();
        String padding = "x".repeat(1024 * 1024 + 10);
        String huge = agreement("huge", "x < 2").replace("\"name\": \"n-huge\"", "\"name\": \"" + padding + "\"");
        assertError(api.send("POST", "/agreements", huge), 413, "exceeds");
        assertError(api.get("/agreements/huge"), 404, "huge");
        assertThat(agreementCount()).isEqualTo(before);
    }

    @Test
    void chunkedBodiesAreCutOffAtOneMebibyte() {
        int before = agreementCount();
        RequestBody endless = new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/json");
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
                sink.writeUtf8("{\"id\": \"chunked\", \"name\": \"");
                byte[] block = "y".repeat(64 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                for (int i = 0; i < 20; i++) {
                    sink.write(block);
                }
                sink.writeUtf8("\"}");
            }
        };
        HttpApi.Reply reply;
        try {
            reply = api.call(new Request.Builder().url(api.url() + "/agreements").post(endless), Map.of());
        } catch (java.io.UncheckedIOException e) {
            // the server may close the connection while the client still sends: refused all the same
            reply = null;
        }
        if (reply != null) {
            assertError(reply, 413, "exceeds");
        }
        assertError(api.get("/agreements/chunked"), 404, "chunked");
        assertThat(agreementCount()).isEqualTo(before);
    }

    @Test
    void unknownIdsAre404() {
        assertError(api.get("/agreements/nope"), 404, "nope");
        assertError(api.get("/agreements/nope/details"), 404, "nope");
        assertError(api.get("/agreements/nope/violations"), 404, "nope");
        assertError(api.send("PATCH", "/agreements/nope", "{\"state\": \"stopped\"}"), 404, "nope");
        assertError(api.send("PUT", "/agreements/nope/stop", null), 404, "nope");
        assertError(api.send("DELETE", "/agreements/nope", null), 404, "nope");
        assertError(api.get("/templates/nope"), 404, "nope");
    }

    @Test
    void stateChangesAndNothingLeavesTerminated() {
        api.send("POST", "/agreements", agreement("life", "x < 2"));
        assertThat(body(api.send("PATCH", "/agreements/life", "{\"state\": \"stopped\"}")).path("state").asString())
                .isEqualTo("stopped");
        // a body without state leaves the state as it is (upstream stopped the agreement)
        assertThat(body(api.send("PUT", "/agreements/life", "{}")).path("state").asString()).isEqualTo("stopped");
        assertError(api.send("PATCH", "/agreements/life", "{\"state\": \"running\"}"), 400, "not valid");
        assertThat(api.send("PUT", "/agreements/life/start", null).status()).isEqualTo(204);
        assertThat(body(api.get("/agreements/life")).path("state").asString()).isEqualTo("started");
        assertThat(api.send("PUT", "/agreements/life/terminate", null).status()).isEqualTo(204);
        assertError(api.send("PUT", "/agreements/life/start", null), 400, "terminated");
        assertError(api.send("PATCH", "/agreements/life", "{\"state\": \"stopped\"}"), 400, "terminated");
        assertThat(body(api.get("/agreements/life")).path("state").asString()).isEqualTo("terminated");
        assertThat(api.send("DELETE", "/agreements/life", null).status()).isEqualTo(204);
        assertError(api.get("/agreements/life"), 404, "life");
    }

    @Test
    void monitoringUrlMustBeAnAllowedHttpHost() {
        api.send("POST", "/agreements", agreement("mon", "x < 2"));
        assertError(api.send("PATCH", "/agreements/mon", "{\"state\": \"stopped\", \"monitoring_url\": \"http://169.254.169.254/latest\"}"),
                400, "not allowed");
        assertError(api.send("PATCH", "/agreements/mon", "{\"monitoring_url\": \"file:///etc/passwd\"}"), 400, "http(s)");
        JsonNode unchanged = body(api.get("/agreements/mon"));
        assertThat(unchanged.path("state").asString()).isEqualTo("started");
        assertThat(unchanged.has("monitoring_url")).isFalse();
        JsonNode changed = body(api.send("PATCH", "/agreements/mon",
                "{\"state\": \"stopped\", \"monitoring_url\": \"http://prometheus.example:9090\"}"));
        assertThat(changed.path("state").asString()).isEqualTo("stopped");
        assertThat(changed.path("monitoring_url").asString()).isEqualTo("http://prometheus.example:9090");
    }

    @Test
    void legacyUrlEncodedMetricsAreDecodedOncePlainOnesKept() {
        String encoded = agreement("enc", "x < 2").replace("vector(1)", "sum%28job_total_calls%29%20%2B%201");
        assertThat(api.send("POST", "/agreements", encoded).status()).isEqualTo(201);
        assertThat(body(api.get("/agreements/enc/details")).path("variables").get(0).path("metric").asString())
                .isEqualTo("sum(job_total_calls) + 1");
        String plain = agreement("plain", "x < 2").replace("vector(1)", "vector(1) + vector(2)");
        assertThat(api.send("POST", "/agreements", plain).status()).isEqualTo(201);
        assertThat(body(api.get("/agreements/plain/details")).path("variables").get(0).path("metric").asString())
                .isEqualTo("vector(1) + vector(2)");
    }

    @Test
    void legacyTimeNowConstraintIsAccepted() {
        assertThat(api.send("POST", "/agreements", agreement("tn", "timeNow() - x < 0")).status()).isEqualTo(201);
    }

    @Test
    void createAgreementFromALegacyParameterFile() throws Exception {
        String legacy = Files.readString(Path.of("..", "agreements", "examples", "legacy_tooLong.json"));
        HttpApi.Reply reply = api.send("POST", "/create-agreement", legacy);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode answer = body(reply);
        assertThat(answer.path("template_id").asString()).isEqualTo("cloudbutton_tooLong");
        String id = answer.path("agreement_id").asString();
        JsonNode agreement = body(api.get("/agreements/" + id));
        assertThat(agreement.path("state").asString()).isEqualTo("started");
        assertThat(agreement.path("details").path("variables").get(0).path("metric").asString()).contains("(1.5 * avg");
        assertThat(agreement.path("details").path("provider").path("id").asString()).isEqualTo("cloudbutton");
    }

    @Test
    void everyExampleParameterFileMakesAnAgreement() throws Exception {
        for (String file : List.of("tooLong.json", "tooCostly.json", "cloudbutton.json", "legacy_cloudbutton.json")) {
            String parameters = Files.readString(Path.of("..", "agreements", "examples", file))
                    .replaceAll("\"agreementname\": \"([^\"]+)\"", "\"agreementname\": \"$1-" + file.hashCode() + "\"");
            HttpApi.Reply reply = api.send("POST", "/create-agreement", parameters);
            assertThat(reply.status()).as(file + ": " + reply.body()).isEqualTo(201);
        }
        JsonNode combined = body(api.get("/agreements/cloudbutton-" + "cloudbutton.json".hashCode() + "/details"));
        // a whole-string number placeholder stays plain text: "10", not "1E+1"
        assertThat(combined.path("guarantees").get(0).path("for").asString()).isEqualTo("10");
    }

    @Test
    void thePublishedCostFileCreatesItsAgreementWithThePartiesItGives() throws Exception {
        // the original documentation's file, byte for byte: an id with spaces and parties as objects
        String published = Files.readString(Path.of("..", "agreements", "examples", "params_cost.json"));

        HttpApi.Reply created = api.send("POST", "/create-agreement", published);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String location = created.header("Location");
        assertThat(location).isEqualTo("/agreements/Total%20cost%20of%20the%20instance%20in%20IBM%20cloud%20must%20be%20limited");
        JsonNode agreement = body(api.get(location));
        assertThat(agreement.path("id").asString()).isEqualTo("Total cost of the instance in IBM cloud must be limited");
        assertThat(agreement.path("details").path("provider")).isEqualTo(json.readTree("{\"id\": \"a-provider\", \"name\": \"A provider\"}"));
        assertThat(agreement.path("details").path("client")).isEqualTo(json.readTree("{\"id\": \"a-client\", \"name\": \"A client\"}"));
        assertThat(agreement.path("details").path("guarantees").get(0).path("constraint").asString())
                .isEqualTo("0.000000000017 * costFunctions < 1.5");
        assertError(api.send("POST", "/create-agreement", published), 409, "already exists");
    }

    @Test
    void partiesAreAnIdOrAnObjectWithAStringIdAndAnythingElseIsRefusedByName() {
        String request = """
                {"template_id": "cloudbutton_tooCostly",
                 "parameters": {"agreementname": "%s", "MAXCOST": 1, "provider": %s, "client": %s}}""";
        assertThat(api.send("POST", "/create-agreement", request.formatted("party-strings", "\"aws\"", "\"lithops\""))
                .status()).isEqualTo(201);
        JsonNode strings = body(api.get("/agreements/party-strings/details"));
        assertThat(strings.path("provider")).isEqualTo(json.readTree("{\"id\": \"aws\", \"name\": \"aws\"}"));
        assertThat(strings.path("client")).isEqualTo(json.readTree("{\"id\": \"lithops\", \"name\": \"lithops\"}"));
        assertThat(api.send("POST", "/create-agreement", request.formatted("party-no-name", "{\"id\": \"aws\"}", "\"c\""))
                .status()).isEqualTo(201);
        assertThat(body(api.get("/agreements/party-no-name/details")).path("provider"))
                .isEqualTo(json.readTree("{\"id\": \"aws\", \"name\": \"aws\"}"));

        int before = agreementCount();
        assertError(api.send("POST", "/create-agreement", request.formatted("p1", "7", "\"c\"")), 400, "parameter provider must be");
        assertError(api.send("POST", "/create-agreement", request.formatted("p2", "\"p\"", "[\"c\"]")), 400, "parameter client must be");
        assertError(api.send("POST", "/create-agreement", request.formatted("p3", "{\"name\": \"P\"}", "\"c\"")), 400,
                "parameter provider must be");
        assertError(api.send("POST", "/create-agreement", request.formatted("p4", "\"p\"", "{\"id\": 5, \"name\": \"C\"}")),
                400, "parameter client must be");
        assertError(api.send("POST", "/create-agreement", request.formatted("p5", "{\"id\": \"p\", \"name\": [1]}", "\"c\"")),
                400, "parameter provider must be");
        assertThat(agreementCount()).isEqualTo(before);
    }

    @Test
    void idsThatAUriMustEscapeGetLinksThatLeadBackToThem() {
        String id = "a b?c#d%e&f+g[h]:i@j;k=l'm";
        HttpApi.Reply agreement = api.send("POST", "/agreements", agreement(id, "x < 2"));
        assertThat(agreement.status()).as(agreement.body()).isEqualTo(201);
        assertThat(body(api.get(agreement.header("Location"))).path("id").asString()).isEqualTo(id);

        HttpApi.Reply provider = api.send("POST", "/providers", "{\"id\": \"" + id + "\", \"name\": \"P\"}");
        assertThat(provider.status()).as(provider.body()).isEqualTo(201);
        assertThat(body(api.get(provider.header("Location"))).path("id").asString()).isEqualTo(id);

        HttpApi.Reply template = api.send("POST", "/templates", """
                {"id": "%s", "name": "t", "details": {"type": "agreement", "name": "t",
                   "variables": [{"name": "v", "metric": "vector(1)"}], "guarantees": [{"name": "g", "constraint": "v < 2"}]}}"""
                .formatted(id));
        assertThat(template.status()).as(template.body()).isEqualTo(201);
        assertThat(body(api.get(template.header("Location"))).path("id").asString()).isEqualTo(id);
    }

    @Test
    void numbersArePrintedInPlainDecimalAndTemplateIdsIgnoreCase() {
        String request = """
                {"template_id": "CLOUDBUTTON_TOOCOSTLY",
                 "parameters": {"agreementname": "costly-plain", "UNITCOST": 1.6276e-8, "MAXCOST": 2E+1}}""";
        HttpApi.Reply reply = api.send("POST", "/create-agreement", request);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String constraint = body(api.get("/agreements/costly-plain/details")).path("guarantees").get(0)
                .path("constraint").asString();
        assertThat(constraint).isEqualTo("0.000000016276 * costFunctions < 20");
    }

    @Test
    void aDryRunShowsTheAgreementAndItsQueriesAndStoresNothing() {
        int before = agreementCount();
        String request = """
                {"template_id": "cloudbutton_tooCostly", "parameters": {"agreementname": "preview", "MAXCOST": 2}}""";

        HttpApi.Reply preview = api.send("POST", "/create-agreement?dry_run=true", request);

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode body = body(preview);
        assertThat(body.path("agreement_id").asString()).isEqualTo("preview");
        assertThat(body.path("parameters").path("MAXCOST").asInt()).isEqualTo(2);
        assertThat(body.path("details").path("guarantees").get(0).path("constraint").asString())
                .isEqualTo("0.000000016276 * costFunctions < 2");
        assertThat(body.path("queries").get(0).path("query").asString()).startsWith("(0.000000016276 * (sum by")
                .endsWith(">= 2");
        assertThat(api.get("/agreements/preview").status()).isEqualTo(404);
        assertThat(agreementCount()).isEqualTo(before);
        // the same refusals as a real creation
        assertError(api.send("POST", "/create-agreement?dry_run=true",
                "{\"template_id\": \"cloudbutton_tooCostly\", \"parameters\": {\"agreementname\": \"p2\"}}"),
                400, "missing parameters: MAXCOST");
    }

    @Test
    void missingAndIllTypedParametersAreRefusedAndNothingStored() {
        int before = agreementCount();
        HttpApi.Reply missing = api.send("POST", "/create-agreement",
                "{\"template_id\": \"cloudbutton_cloudbutton\", \"parameters\": {\"agreementname\": \"m1\"}}");
        assertError(missing, 400, "missing parameters: MAXCOST");
        HttpApi.Reply notNumber = api.send("POST", "/create-agreement",
                "{\"template_id\": \"cloudbutton_tooLong\", \"parameters\": {\"agreementname\": \"m2\", \"TFACTOR\": \"1) or vector(1\"}}");
        assertError(notNumber, 400, "TFACTOR must be a finite number");
        HttpApi.Reply injection = api.send("POST", "/create-agreement",
                "{\"template_id\": \"cloudbutton_tooLong\", \"parameters\": {\"agreementname\": \"m3\", \"TFACTOR\": {\"x\": 1}}}");
        assertError(injection, 400, "TFACTOR");
        assertError(api.send("POST", "/create-agreement", "{\"template_id\": \"nope\", \"parameters\": {}}"), 404, "nope");
        assertThat(agreementCount()).isEqualTo(before);
    }

    @Test
    void templatesCrud() {
        String template = """
                {"id": "MyTemplate", "name": "t", "parameters": {"LIMIT": {"type": "number", "default": 5}},
                 "details": {"type": "agreement", "name": "t", "provider": {"id": "p", "name": "p"},
                   "client": {"id": "c", "name": "c"}, "variables": [{"name": "v", "metric": "vector(1)"}],
                   "guarantees": [{"name": "g", "constraint": "v < {{.LIMIT}}"}]}}""";
        assertThat(api.send("POST", "/templates", template).status()).isEqualTo(201);
        assertError(api.send("POST", "/templates", template.replace("MyTemplate", "MYTEMPLATE")), 409, "exists");
        assertThat(body(api.get("/templates/mytemplate")).path("id").asString()).isEqualTo("MyTemplate");
        String replaced = template.replace("\"default\": 5", "\"default\": 7");
        assertThat(body(api.send("PUT", "/templates/MyTemplate", replaced)).path("parameters").path("LIMIT")
                .path("default").asInt()).isEqualTo(7);
        assertError(api.send("POST", "/templates", "{\"id\": \"x\", \"details\": 5}"), 400, "Template.Details");
        assertThat(api.send("DELETE", "/templates/MYTEMPLATE", null).status()).isEqualTo(204);
        assertError(api.get("/templates/MyTemplate"), 404, "MyTemplate");
    }

    @Test
    void evaluatingWhilePrometheusIsUnreachableSaysSoPerGuaranteeAndShowsTheQuery() {
        assertThat(api.send("POST", "/agreements", agreement("blind", "x < 1")).status()).isEqualTo(201);

        JsonNode evaluated = body(api.send("POST", "/agreements/blind/evaluate", null));

        assertThat(evaluated).hasSize(1);
        assertThat(evaluated.get(0).path("query").asString()).isEqualTo("(vector(1)) >= 1");
        assertThat(evaluated.get(0).path("error").asString()).contains("unreachable");
        assertThat(evaluated.get(0).has("violating")).isFalse();
    }

    @Test
    void violationListingValidatesItsParameters() {
        assertThat(api.get("/violations").status()).isEqualTo(200);
        assertError(api.get("/violations?since=yesterday"), 400, "RFC 3339");
        assertError(api.get("/violations?limit=0"), 400, "limit");
    }

    @Test
    void nonFiniteValuesAreStrings() {
        String text = json.writeValueAsString(Map.of("a", new KeyValue("k", Double.NaN, null, "", null),
                "b", new KeyValue("k", Double.POSITIVE_INFINITY, null, "", null),
                "c", new KeyValue("k", Double.NEGATIVE_INFINITY, null, "", null)));
        assertThat(text).contains("\"value\":\"NaN\"", "\"value\":\"+Inf\"", "\"value\":\"-Inf\"");
        assertThat(json.readValue("{\"key\": \"k\", \"value\": \"+Inf\"}", KeyValue.class).value())
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void notificationSinkAnswers200() {
        assertThat(api.send("POST", "/notifications", "{\"Fields\": {}, \"Message\": []}").status()).isEqualTo(200);
    }
}
