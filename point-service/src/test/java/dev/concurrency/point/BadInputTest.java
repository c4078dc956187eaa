package dev.concurrency.point;

import dev.concurrency.client.auth.Tokens;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is a 400 problem+json with a stable code, never a 5xx, and never changes anything. */
@QuarkusTest
class BadInputTest extends PointServiceTest {

    long member;

    @BeforeEach
    void memberWithPoints() {
        member = memberWith(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"amount\":0}", "{\"amount\":-5}", "{\"amount\":10000001}", "{\"amount\":99999999999999999999999}",
            "{\"amount\":\"abc\"}", "{\"amount\":\"5\"}", "{\"amount\":1.5}", "{\"amount\":1e3}", "{\"amount\":true}",
            "{\"amount\":null}", "{}", "{\"amount\":[1]}"})
    void badAmountsAreInvalidAmount(String body) {
        for (String op : new String[] {"charge", "use"}) {
            assertProblem(api.post("/members/" + member + "/points/" + op, body, null), "INVALID_AMOUNT");
        }
        assertUnchanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"amount\":", "[1]", "null", "\"text\"", "{\"amount\":1} trailing", "{\"amount\":1}}"})
    void malformedBodiesAreInvalidRequest(String body) {
        assertProblem(api.post("/members/" + member + "/points/charge", body, null), "INVALID_REQUEST");
        assertUnchanged();
    }

    @ParameterizedTest
    @CsvSource({"abc", "1.5", "99999999999999999999999", "0x10"})
    void idsThatAreNotNumbersAreInvalidRequest(String id) {
        assertProblem(api.post("/members/" + id + "/points/charge", "{\"amount\":1}", null), "INVALID_REQUEST");
        assertProblem(api.get("/members/" + id), "INVALID_REQUEST");
        assertProblem(api.get("/members/" + id + "/points/history"), "INVALID_REQUEST");
    }

    @Test
    void pathIdsLongerThan100CharactersAreInvalidRequestWithOrWithoutAKey() {
        String longId = "9".repeat(101);
        String veryLong = "x".repeat(250);
        for (String id : new String[] {longId, veryLong}) {
            assertProblem(api.post("/members/" + id + "/points/charge", "{\"amount\":1}", "long-id-key"), "INVALID_REQUEST");
            assertProblem(api.post("/members/" + id + "/points/charge", "{\"amount\":1}", null), "INVALID_REQUEST");
            assertProblem(api.post("/payments/" + id + "/refund", "", "long-id-key"), "INVALID_REQUEST");
            assertProblem(api.get("/members/" + id), "INVALID_REQUEST");
        }
        assertUnchanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":5}", "{\"name\":null}", "{}",
            "{\"name\":\"012345678901234567890123456789012345678901234567890\"}"})
    void badNamesAreInvalidRequest(String body) {
        long before = api.newMember("before");
        assertProblem(api.post("/members", body, null), "INVALID_REQUEST");
        assertEquals(404, api.get("/members/" + (before + 1)).status(), "no member may be created by bad input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=x", "limit=99999999999999999999", "cursor=abc"})
    void badHistoryParametersAreInvalidRequest(String query) {
        assertProblem(api.get("/members/" + member + "/points/history?" + query), "INVALID_REQUEST");
    }

    @Test
    void bodiesOver64KiBAreInvalidRequestWithOrWithoutContentLength() {
        String big = "{\"amount\":1,\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(api.post("/members/" + member + "/points/charge", big, null), "INVALID_REQUEST");
        // Streamed without a Content-Length (chunked), so only the parser can notice.
        HttpRequest.Builder chunked = pointsPost(member, "charge",
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())));
        assertProblem(http.send(chunked), "INVALID_REQUEST");
        assertUnchanged();
    }

    @Test
    void wrongContentTypeAndBadKeysAreInvalidRequest() {
        HttpRequest.Builder text = pointsPost(member, "charge", "{\"amount\":1}").setHeader("Content-Type", "text/plain");
        assertProblem(http.send(text), "INVALID_REQUEST");
        assertProblem(api.post("/members/" + member + "/points/charge", "{\"amount\":1}", "k".repeat(101)), "INVALID_REQUEST");
        assertUnchanged();
    }

    /** Sent over a raw socket: Java's HTTP client would not put these bytes on the wire as they are. */
    @Test
    void nonAsciiKeysAreInvalidRequest() throws Exception {
        byte[] head = ("POST /members/" + member + "/points/charge HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: 12\r\nConnection: close\r\nAuthorization: " + Tokens.shared().bearer(Identity.member(member))
                + "\r\nIdempotency-Key: caf").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(new byte[] {(byte) 0xc3, (byte) 0xa9});
            out.write("\r\n\r\n{\"amount\":1}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("\"code\":\"INVALID_REQUEST\""), response);
        }
        assertUnchanged();
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(200, api.post("/members/" + member + "/points/charge", "{\"amount\":1,\"extra\":{\"x\":1}}", null).status());
        assertEquals(101, api.assertLedgerMatches(member));
    }

    private void assertUnchanged() {
        assertEquals(100, api.assertLedgerMatches(member));
    }

    static void assertProblem(Reply reply, String code) {
        assertProblem(reply, 400, code);
    }
}
