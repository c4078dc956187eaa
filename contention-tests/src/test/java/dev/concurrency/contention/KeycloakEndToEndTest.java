package dev.concurrency.contention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.client.AuctionClient;
import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import dev.concurrency.client.auth.Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * docs/api.md#authentication against a real identity provider: Keycloak, started without Docker from the
 * keycloak-quarkus-dist zip (scripts/keycloak.sh) with the realm auth/keycloak/commerce-realm.json.
 * One process of each service verifies tokens through Keycloak's JWKS URL; order-service and
 * auction-service get their service tokens from Keycloak by client credentials. Members log in by
 * the password grant ({@code sub} is their member id). A payment or hold succeeds only if
 * point-service accepted a service token Keycloak issued.
 */
class KeycloakEndToEndTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static String issuer;
    private static ServiceCluster points;
    private static ServiceCluster orders;
    private static ServiceCluster auctions;

    @BeforeAll
    static void startKeycloakAndServices() throws Exception {
        assumeFalse(CONFIG.external(), "starts processes of its own");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        script(Duration.ofMinutes(10), "fetch");
        script(Duration.ofMinutes(6), "start", Integer.toString(port));
        issuer = "http://127.0.0.1:" + port + "/realms/commerce";
        Map<String, String> verify = Map.of(
                "mp.jwt.verify.publickey.location", issuer + "/protocol/openid-connect/certs",
                "mp.jwt.verify.issuer", issuer);
        SuiteConfig one = CONFIG.withReplicas(1);
        points = ServiceCluster.points(one, "keycloak", verify);
        orders = ServiceCluster.orders(one, "keycloak", points, client(verify, "order-service"));
        auctions = ServiceCluster.auctions(one, "keycloak", points, client(verify, "auction-service"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceCluster cluster : new ServiceCluster[] {auctions, orders, points}) {
            if (cluster != null) {
                cluster.close();
            }
        }
        if (issuer != null) {
            script(Duration.ofMinutes(1), "stop");
        }
    }

    @Test
    void membersAndServicesAuthenticateThroughKeycloak() throws Exception {
        Http http = new Http();
        String base = points.urls().get(0);
        String admin = passwordGrant("admin", "admin-password");
        String alice = passwordGrant("alice", "alice-password"); // member 1
        String bob = passwordGrant("bob", "bob-password"); // member 2
        // Members 1 and 2 exist once two members do (ids start at 1 in a fresh database).
        for (int i = 0; i < 2 && send(http, "GET", base + "/members/2", null, admin).status() == 404; i++) {
            Reply created = send(http, "POST", base + "/members", "{\"name\":\"keycloak-" + i + "\"}", admin);
            assertEquals(201, created.status(), created::toString);
        }

        Reply charged = send(http, "POST", base + "/members/1/points/charge", "{\"amount\":10000}", alice);
        assertEquals(200, charged.status(), charged::toString);
        long aliceBalance = charged.number("balance");
        Reply notHers = send(http, "POST", base + "/members/2/points/charge", "{\"amount\":1}", alice);
        assertEquals(403, notHers.status(), notHers::toString);
        Reply harnessSigned = http.post(base + "/members/1/points/charge", "{\"amount\":1}", null, Identity.member(1));
        assertEquals(401, harnessSigned.status(), () -> "a token not from Keycloak: " + harnessSigned);
        assertEquals(200, send(http, "POST", base + "/members/2/points/charge", "{\"amount\":10000}", bob).status());

        // order-service pays with a service token it got from Keycloak.
        String orderBase = orders.urls().get(0);
        Reply product = send(http, "POST", orderBase + "/products", "{\"name\":\"kc\",\"price\":100,\"stock\":5}", admin);
        assertEquals(201, product.status(), product::toString);
        Reply order = send(http, "POST", orderBase + "/orders",
                "{\"memberId\":1,\"items\":[{\"productId\":" + product.number("id") + ",\"quantity\":2}]}", alice);
        assertEquals(201, order.status(), order::toString);
        assertEquals("COMPLETED", order.body().get("status").asText());
        assertEquals(aliceBalance - 200, send(http, "GET", base + "/members/1/points", null, alice).number("balance"));

        // auction-service holds the bidder's points with a service token it got from Keycloak.
        String auctionBase = auctions.urls().get(0);
        Reply auction = send(http, "POST", auctionBase + "/auctions", "{\"sellerId\":1,\"title\":\"kc\",\"startPrice\":10,"
                + "\"minIncrement\":1,\"endsAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}", alice);
        assertEquals(201, auction.status(), auction::toString);
        Reply bid = send(http, "POST", auctionBase + "/auctions/" + auction.number("id") + "/bids", "{\"bidderId\":2,\"amount\":50}", bob);
        assertEquals(201, bid.status(), bid::toString);
        assertEquals(50, send(http, "GET", base + "/members/2/points", null, bob).number("held"));
        Reply asSomeoneElse = send(http, "POST", auctionBase + "/auctions/" + auction.number("id") + "/bids",
                "{\"bidderId\":2,\"amount\":60}", alice);
        assertEquals(403, asSomeoneElse.status(), asSomeoneElse::toString);

        // A client-credentials token is a service token: it may hold, a member's may not.
        String service = clientCredentials("order-service", "order-service-secret");
        Reply held = send(http, "GET", base + "/holds/bid-" + bid.number("id"), null, service);
        assertEquals(200, held.status(), held::toString);
        assertEquals(403, send(http, "GET", base + "/holds/bid-" + bid.number("id"), null, bob).status());
    }

    private static Map<String, String> client(Map<String, String> verify, String clientId) {
        return Map.of(
                "mp.jwt.verify.publickey.location", verify.get("mp.jwt.verify.publickey.location"),
                "mp.jwt.verify.issuer", verify.get("mp.jwt.verify.issuer"),
                "quarkus.oidc-client.auth-server-url", issuer,
                "quarkus.oidc-client.client-id", clientId,
                "quarkus.oidc-client.credentials.secret", clientId + "-secret");
    }

    private static Reply send(Http http, String method, String url, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request);
    }

    private static String passwordGrant(String user, String password) throws Exception {
        return token("grant_type=password&client_id=commerce-cli&username=" + encode(user) + "&password=" + encode(password));
    }

    private static String clientCredentials(String clientId, String secret) throws Exception {
        return token("grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret));
    }

    private static String token(String form) throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);
        JsonNode json = JSON.readTree(answer.body());
        assertTrue(json.hasNonNull("access_token"), answer::body);
        return json.get("access_token").asText();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void script(Duration limit, String... args) throws IOException, InterruptedException {
        Path log = Files.createDirectories(CONFIG.output().resolve("logs")).resolve("keycloak-" + args[0] + ".log");
        List<String> command = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("scripts/keycloak.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/keycloak.sh " + String.join(" ", args) + " took longer than " + limit + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("scripts/keycloak.sh " + String.join(" ", args) + " failed (" + process.exitValue() + "):\n"
                    + Files.readString(log));
        }
    }
}
