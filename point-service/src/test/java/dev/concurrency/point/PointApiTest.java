package dev.concurrency.point;

import dev.concurrency.client.auth.Tokens;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/api.md#point-service request by request: members, charge, use, points, history. */
@QuarkusTest
class PointApiTest extends PointServiceTest {

    @Test
    void aMemberIsCreatedWithALocationAndNoPoints() {
        var created = given().auth().oauth2(Tokens.shared().token(Identity.admin())).contentType("application/json").body("{\"name\":\"  Ada  \"}")
                .when().post("/members")
                .then().statusCode(201).body("name", equalTo("Ada"))
                .extract();
        int id = created.path("id");
        assertEquals(true, created.header("Location").endsWith("/members/" + id));
        given().auth().oauth2(Tokens.shared().token(Identity.member(id))).when().get("/members/" + id).then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("Ada"));
        given().auth().oauth2(Tokens.shared().token(Identity.member(id))).when().get("/members/" + id + "/points").then().statusCode(200)
                .body("memberId", equalTo(id)).body("balance", equalTo(0)).body("held", equalTo(0)).body("available", equalTo(0));
    }

    @Test
    void chargeThenUseThenHistoryNewestFirst() {
        long id = api.newMember("Grace");
        assertEquals(300, api.charge(id, 300).number("balance"));
        Reply used = api.use(id, 120);
        assertEquals(200, used.status());
        assertEquals(180, used.number("available"));

        given().auth().oauth2(Tokens.shared().token(Identity.member(id))).when().get("/members/" + id + "/points/history").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].type", equalTo("USE")).body("items[0].amount", equalTo(120)).body("items[0].balanceAfter", equalTo(180))
                .body("items[1].type", equalTo("CHARGE")).body("items[1].amount", equalTo(300))
                .body("items[0].reference", nullValue())
                .body("nextCursor", nullValue());
        api.assertLedgerMatches(id);
    }

    @Test
    void historyPagesWithACursor() {
        long id = api.newMember("Pager");
        for (int i = 1; i <= 5; i++) {
            api.charge(id, i);
        }
        Reply first = api.get("/members/" + id + "/points/history?limit=2");
        assertEquals(2, first.body().get("items").size());
        assertEquals(5, first.body().get("items").get(0).get("amount").asLong());
        String cursor = first.body().get("nextCursor").asText();
        Reply second = api.get("/members/" + id + "/points/history?limit=2&cursor=" + cursor);
        assertEquals(3, second.body().get("items").get(0).get("amount").asLong());
        Reply third = api.get("/members/" + id + "/points/history?limit=2&cursor=" + second.body().get("nextCursor").asText());
        assertEquals(1, third.body().get("items").size());
        assertEquals(true, third.body().get("nextCursor").isNull());
    }

    @Test
    void usingMoreThanAvailableIsRefusedAndChangesNothing() {
        long id = api.newMember("Short");
        api.charge(id, 50);
        Reply refused = api.use(id, 51);
        assertEquals(409, refused.status());
        assertEquals("INSUFFICIENT_POINTS", refused.code());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals(50, api.assertLedgerMatches(id));
    }

    @Test
    void theBalanceLimitIsEnforced() {
        long id = api.newMember("Rich");
        for (int i = 0; i < 100; i++) {
            assertEquals(200, api.charge(id, 10_000_000).status());
        }
        Reply over = api.charge(id, 1);
        assertEquals(409, over.status());
        assertEquals("BALANCE_LIMIT_EXCEEDED", over.code());
        assertEquals(1_000_000_000L, api.assertLedgerMatches(id));
    }

    @Test
    void unknownMembersAre404Everywhere() {
        long missing = api.newMember("x") + 1_000_000;
        for (Reply r : new Reply[] {api.get("/members/" + missing), api.points(missing),
                api.charge(missing, 1), api.use(missing, 1), api.get("/members/" + missing + "/points/history")}) {
            assertEquals(404, r.status());
            assertEquals("MEMBER_NOT_FOUND", r.code());
        }
    }

    @Test
    void aRepeatedKeyReplaysTheFirstAnswerAndAReusedKeyIsRefused() {
        long id = api.newMember("Keys");
        double replaysBefore = replays();
        Reply first = api.post("/members/" + id + "/points/charge", "{\"amount\":5}", "k1");
        Reply again = api.post("/members/" + id + "/points/charge", "{\"amount\":5}", "k1");
        assertSameAnswer(first, again);
        Reply other = api.post("/members/" + id + "/points/charge", "{\"amount\":6}", "k1");
        assertEquals(422, other.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.code());
        // Keys are scoped to the endpoint: the same key on "use" is a different request.
        assertEquals(200, api.post("/members/" + id + "/points/use", "{\"amount\":5}", "k1").status());
        assertEquals(0, api.assertLedgerMatches(id));

        // A refusal is an answer too: its repeat is the same refusal, even once it would succeed.
        Reply refused = api.post("/members/" + id + "/points/use", "{\"amount\":9}", "k2");
        assertEquals(409, refused.status());
        api.charge(id, 100);
        assertSameAnswer(refused, api.post("/members/" + id + "/points/use", "{\"amount\":9}", "k2"));
        assertEquals(100, api.assertLedgerMatches(id));
        assertEquals(2.0, replays() - replaysBefore, "idempotency_replays_total counts the two replayed answers");
    }

    @Test
    void refusalsAreCountedByCodeAndLatenciesPublishedAsAHistogram() {
        long id = api.newMember("Counted");
        double before = metric("http_problems_total{code=\"INSUFFICIENT_POINTS\",status=\"409\"");
        assertEquals(409, api.use(id, 5).status());
        assertEquals(1.0, metric("http_problems_total{code=\"INSUFFICIENT_POINTS\",status=\"409\"") - before);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(true, metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("uri=\"/members/{id}/points/use\"")), "no latency buckets for /members/{id}/points/use");
    }

    /** The replica's idempotency_replays_total. */
    private double replays() {
        return metric("idempotency_replays_total");
    }

    /** The sum of the replica's series whose name and leading labels are {@code prefix}. */
    private double metric(String prefix) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(prefix) && line.length() > prefix.length()
                        && " {},".indexOf(line.charAt(prefix.length())) >= 0)
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aMemberCreatedWithAKeyIsCreatedOnce() {
        String key = "member-once-" + System.nanoTime();
        Reply first = api.post("/members", "{\"name\":\"Once\"}", key);
        assertEquals(201, first.status());
        assertSameAnswer(first, api.post("/members", "{\"name\":\"Once\"}", key));
        long next = api.newMember("After");
        assertEquals(first.number("id") + 1, next, "the repeat must not have created a second member");
    }

    @Test
    void aRetryThroughAnotherAddressWithTheBodyReformattedIsTheSameRequest() {
        String key = "member-hosts-" + System.nanoTime();
        Reply first = new PointClient(new Http(), base.toString().replace("localhost", "127.0.0.1"))
                .post("/members", "{\"name\":\"Hosts\"}", key);
        assertEquals(201, first.status(), first::toString);
        Reply retried = new PointClient(new Http(), base.toString().replace("127.0.0.1", "localhost"))
                .post("/members", "{ \"name\" : \"Hosts\", \"unknown\": 1 }", key);
        assertSameAnswer(first, retried);
        long next = api.newMember("After");
        assertEquals(first.number("id") + 1, next, "the retry must not have created a second member");
    }

    @Test
    void keysDifferingOnlyInCaseAreDifferentKeys() {
        long id = api.newMember("Case");
        assertEquals(200, api.post("/members/" + id + "/points/charge", "{\"amount\":5}", "case-aB").status());
        Reply other = api.post("/members/" + id + "/points/charge", "{\"amount\":7}", "case-Ab");
        assertEquals(200, other.status(), () -> "another key, another request: " + other);
        assertEquals(12, api.assertLedgerMatches(id));
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    static void assertSameAnswer(Reply first, Reply repeat) {
        assertEquals(first.status(), repeat.status());
        assertEquals(first.body(), repeat.body());
    }

    /** The fault-injection hook is a build-time choice: a build without it ignores the header, whatever it says. */
    @Test
    void aBuildWithoutFaultInjectionIgnoresThePauseHeader() {
        long id = api.newMember("no-faults");
        given().auth().oauth2(Tokens.shared().token(Identity.member(id))).contentType("application/json")
                .header("X-Fault-Pause-Ms", "not a number").body("{\"amount\":5}")
                .when().post("/members/" + id + "/points/charge")
                .then().statusCode(200).body("balance", equalTo(5));
    }
}
