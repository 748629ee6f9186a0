package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inputs that once exhausted, blinded or opened the manager are refused with a 4xx in the error body, and nothing
 * is stored: huge numbers, amplifying agreements, ids that cannot be addressed, a rebinding Host, a cross-origin
 * text POST, a template that is not an agreement; a create racing with a delete answers what was committed.
 */
class HardeningTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static ManagerInstance manager;
    private static HttpApi api;

    @BeforeAll
    static void start() {
        manager = ManagerInstance.start(Map.of());
        api = manager.api();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void hugeNumberParametersAreRefusedNamingTheParameter() {
        for (String tfactor : List.of("\"1e100000000\"", "\"1e-100000000\"", "\"1e99999999999999999999\"",
                "1e300", "\"123456789012345678901234567890.5\"")) {
            for (String route : List.of("/create-agreement?dry_run=true", "/create-agreement")) {
                HttpApi.Reply reply = api.send("POST", route, """
                        {"template_id": "cloudbutton_tooLong", "parameters": {"agreementname": "huge", "TFACTOR": %s}}"""
                        .formatted(tfactor));
                assertThat(reply.status()).as(tfactor + " on " + route).isEqualTo(400);
                assertThat(reply.body()).contains("\"code\":\"400\"").contains("TFACTOR").hasSizeLessThan(2000);
            }
        }
        assertThat(api.get("/agreements/huge").status()).isEqualTo(404);
        assertThat(api.send("POST", "/create-agreement?dry_run=true", """
                {"template_id": "cloudbutton_tooLong", "parameters": {"agreementname": "fine", "TFACTOR": "1.3e2"}}""")
                .body()).contains("130");
    }

    @Test
    void anAgreementThatCompilesIntoAHugeQueryIsRefusedWithTheSizeAndTheLimit() {
        String big = "sum(up{job=\\\"" + "x".repeat(30_000) + "\\\"})";
        HttpApi.Reply reply = api.send("POST", "/agreements", agreement("amplifier", "x + x + x > 1", big));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("characters; the limit is 65536");
        assertThat(api.get("/agreements/amplifier").status()).isEqualTo(404);

        // many small guarantees naming one mid-sized variable: each fits, together they do not
        StringBuilder guarantees = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            guarantees.append(i == 0 ? "" : ",").append("{\"name\": \"g").append(i).append("\", \"constraint\": \"x < 1\"}");
        }
        reply = api.send("POST", "/agreements", """
                {"id": "many", "name": "many", "details": {"provider": {"id": "p", "name": "P"},
                 "client": {"id": "c", "name": "C"}, "variables": [{"name": "x", "metric": "%s"}],
                 "guarantees": [%s]}}""".formatted(big, guarantees));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("exceed 1048576 characters together");
    }

    @Test
    void idsThatCannotBeAddressedOrStoredAreRefusedBeforeAnythingIsStored() {
        for (String id : List.of("a/b", "a\\\\b", "a\\u0001b", "line\\nbreak", "..", "x".repeat(256))) {
            HttpApi.Reply reply = api.send("POST", "/agreements", agreement(id, "x < 1", "vector(1)"));
            assertThat(reply.status()).as(id).isEqualTo(400);
            assertThat(reply.body()).contains("Agreement.Id");
            assertThat(api.send("POST", "/providers", "{\"id\": \"" + id + "\", \"name\": \"n\"}").status())
                    .as(id).isEqualTo(400);
        }
        assertThat(JSON.readTree(api.get("/agreements").body()).findValuesAsString("id"))
                .noneMatch(id -> id.contains("/") || id.contains("\\") || id.length() > 255);
        HttpApi.Reply longName = api.send("POST", "/agreements", agreement("long-guarantee", "x < 1", "vector(1)")
                .replace("\"name\": \"g\"", "\"name\": \"" + "g".repeat(256) + "\""));
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.body()).contains("guarantee name is 256 characters long");
    }

    @Test
    void idsWithSpacesAndOtherPrintableCharactersKeepWorking() {
        for (String id : List.of("Total cost of the instance in IBM cloud must be limited", "50% done?", "a#b;c",
                "ünïcödé ✓", "+plus&amp")) {
            HttpApi.Reply created = api.send("POST", "/agreements", agreement(id, "x < 1", "vector(1)"));
            assertThat(created.status()).as(id).isEqualTo(201);
            String path = "/agreements/" + escaped(id);
            assertThat(created.header("Location")).isEqualTo(path);
            HttpApi.Reply read = api.get(path);
            assertThat(JSON.readTree(read.body()).path("id").asString()).as(path + " " + read.body()).isEqualTo(id);
            assertThat(api.send("PUT", path + "/stop", null).status()).as(id).isEqualTo(204);
            assertThat(api.send("DELETE", path, null).status()).as(id).isEqualTo(204);
            assertThat(api.get(path).status()).isEqualTo(404);
        }
    }

    @Test
    void errorsOfTheServletContainerComeInTheJsonErrorBody() throws Exception {
        for (String path : List.of("/agreements/%", "/agreements/a%2Fb", "/agreements/%zz", "/agreements/a%5Cb",
                "/agreements/a\\b", "/agreements/a%00b")) {
            String[] reply = rawGet(path);
            assertThat(Integer.parseInt(reply[0])).as(path).isBetween(400, 499);
            assertThat(reply[1].toLowerCase()).as(path).contains("content-type: application/json");
            assertThat(JSON.readTree(reply[2]).path("code").asString()).as(path).isEqualTo(reply[0]);
        }
    }

    @Test
    void withoutKeysOnlyLocalHostNamesAreServedAndAPostMustBeJson() {
        assertThat(api.get("/agreements").status()).isEqualTo(200);
        for (String host : List.of("localhost", "127.0.0.1")) {
            assertThat(api.call(new Request.Builder().url(api.url() + "/agreements").get(),
                    Map.of("Host", host + ":" + port())).status()).as(host).isEqualTo(200);
        }
        HttpApi.Reply rebound = api.call(new Request.Builder().url(api.url() + "/agreements").get(),
                Map.of("Host", "attacker.example:" + port()));
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("\"code\":\"403\"");

        assertThat(api.send("POST", "/agreements", agreement("evaluated", "x < 1", "vector(1)")).status()).isEqualTo(201);
        HttpApi.Reply text = api.call(new Request.Builder().url(api.url() + "/agreements/evaluated/evaluate")
                .post(RequestBody.create("", MediaType.get("text/plain"))), Map.of());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.body()).contains("\"code\":\"415\"");
        HttpApi.Reply form = api.call(new Request.Builder().url(api.url() + "/providers")
                .post(RequestBody.create("id=f&name=f", MediaType.get("application/x-www-form-urlencoded"))), Map.of());
        assertThat(form.status()).isEqualTo(415);
        assertThat(api.get("/providers/f").status()).isEqualTo(404);
    }

    @Test
    void aTemplateWhoseDetailsAreNotAnAgreementIsRefused() {
        HttpApi.Reply reply = api.send("POST", "/templates", """
                {"id": "broken", "name": "broken", "parameters": {"LIMIT": {"type": "number"}},
                 "details": {"variables": [{"name": "x", "metric": "vector(1)"}],
                   "guarantees": [{"name": "g", "constraint": "x < < {{.LIMIT}}"}]}}""");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("not a valid agreement");
        assertThat(api.get("/templates/broken").status()).isEqualTo(404);
        assertThat(api.send("POST", "/templates", """
                {"id": "fine", "name": "fine", "parameters": {"LIMIT": {"type": "number", "min": 1}},
                 "details": {"variables": [{"name": "x", "metric": "vector(1)"}],
                   "guarantees": [{"name": "g", "constraint": "x < {{.LIMIT}}"}]}}""").status()).isEqualTo(201);
    }

    @Test
    void aCreateRacingWithADeleteAnswersWhatWasCommitted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String id = "race" + (i % 3);
                answers.add(pool.submit(() -> api.send("POST", "/agreements", agreement(id, "x < 1", "vector(1)"))
                        .status()));
                answers.add(pool.submit(() -> api.send("DELETE", "/agreements/" + id, null).status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isIn(201, 204, 404, 409);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsArePagedByCountAndBySize() {
        // ten agreements of about 900 kB each (a request holds at most 1 MiB): more than one page's 8 MiB
        String padding = "p".repeat(900_000);
        for (int i = 0; i < 10; i++) {
            assertThat(api.send("POST", "/agreements", agreement("big-" + i, "x < 1", "vector(1)\"}, {\"name\": \"unused\","
                    + " \"metric\": \"" + padding)).status()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String next = "/agreements?limit=1000";
        int pages = 0;
        while (next != null && pages++ < 20) {
            HttpApi.Reply page = api.get(next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().length()).isLessThanOrEqualTo(Pages.MAX_PAGE_BYTES + 1_000_000);
            JSON.readTree(page.body()).forEach(a -> seen.add(a.path("id").asString()));
            String link = page.header("Link");
            next = link == null ? null : link.substring(1, link.indexOf('>'));
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(seen).doesNotHaveDuplicates().contains("big-0", "big-9");
        HttpApi.Reply two = api.get("/agreements?limit=2");
        assertThat(JSON.readTree(two.body())).hasSize(2);
        assertThat(Long.parseLong(two.header("X-Total-Count"))).isEqualTo(seen.size());
        assertThat(api.get("/agreements?limit=0").status()).isEqualTo(400);
        for (int i = 0; i < 10; i++) {
            api.send("DELETE", "/agreements/big-" + i, null);
        }
    }

    @Test
    void anEmptyKeyListAfterParsingKeepsTheApiOnLoopback() throws Exception {
        try (ManagerInstance commas = ManagerInstance.start(Map.of("sla.security.api-keys", ",", "sla.assessment.enabled",
                "false"))) {
            TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) commas.context()).getWebServer();
            Object address = server.getTomcat().getConnector().getProperty("address");
            assertThat(address).isInstanceOf(InetAddress.class);
            assertThat(((InetAddress) address).isLoopbackAddress()).isTrue();
        }
    }

    /** Status, headers and body of a GET sent as raw bytes, so no client library repairs the path first. */
    private static String[] rawGet(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String headers = response.substring(0, headersEnd);
            String body = response.substring(headersEnd + 4);
            if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
            }
            return new String[] {headers.split(" ")[1], headers, body};
        }
    }

    private static int port() {
        return Integer.parseInt(api.url().substring(api.url().lastIndexOf(':') + 1));
    }

    private static String escaped(String id) {
        return Links.resource("agreements", id).getRawPath().substring("/agreements/".length());
    }

    /** An agreement with one variable x and one guarantee g; id and metric as JSON string contents. */
    static String agreement(String id, String constraint, String metric) {
        return """
                {"id": "%s", "name": "hardening",
                 "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                   "variables": [{"name": "x", "metric": "%s"}],
                   "guarantees": [{"name": "g", "constraint": "%s"}]}}""".formatted(id, metric, constraint);
    }
}
