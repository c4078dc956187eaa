package dev.concurrency.order;

import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.Reply;
import dev.concurrency.client.auth.AccessRules;
import dev.concurrency.client.auth.AccessRules.Rule;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.point.standin.InjectStandIn;
import dev.concurrency.point.standin.PointServiceStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.concurrency.client.auth.Identity.admin;
import static dev.concurrency.client.auth.Identity.member;
import static dev.concurrency.client.auth.Identity.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/api.md#authentication on every endpoint of order-service, black-box: 401 without a valid token, 403 for an
 * identity without the right (a member ordering, reading or cancelling for another, anyone but an
 * admin creating or restocking products, a service token), the answer for the one with it.
 */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class AuthRulesTest {

    private static final AtomicLong MEMBERS = new AtomicLong(System.currentTimeMillis() * 100 + 50);

    @TestHTTPResource("/")
    URI base;

    @InjectStandIn
    PointServiceStandIn standIn;

    @Test
    void everyEndpointAdmitsOnlyWhomTheContractNames() {
        Http http = new Http();
        OrderClient api = new OrderClient(http, base.toString());
        standIn.behave(PointServiceStandIn.Behaviour.NORMAL);
        long owner = MEMBERS.incrementAndGet();
        long other = MEMBERS.incrementAndGet();
        standIn.addMember(owner, 10_000);
        standIn.addMember(other, 10_000);
        long product = api.newProduct("guarded", 100, 10);
        Reply first = api.place(owner, List.of(new Line(product, 1)));
        assertEquals(201, first.status(), first::toString);
        long order = first.number("id");
        Identity me = member(owner);
        Identity stranger = member(other);

        List<Rule> rules = List.of(
                Rule.post("/products", "{\"name\":\"new\",\"price\":5,\"stock\":5}", admin(), 201, me, service()),
                Rule.get("/products/" + product, me, service()),
                Rule.get("/products/" + product, admin()),
                Rule.post("/products/" + product + "/restock", "{\"quantity\":5}", admin(), 200, me, service()),
                Rule.post("/orders", "{\"memberId\":" + owner + ",\"items\":[{\"productId\":" + product + ",\"quantity\":2}]}",
                        me, 201, stranger, admin(), service()),
                Rule.get("/orders/" + order, me, stranger, service()),
                Rule.get("/orders/" + order, admin()),
                Rule.get("/orders?memberId=" + owner, me, stranger, service()),
                Rule.get("/orders?memberId=" + owner, admin()),
                Rule.post("/orders/" + order + "/cancel", "", me, 200, stranger, admin(), service()));
        List<String> wrong = new ArrayList<>();
        for (Rule rule : rules) {
            wrong.addAll(AccessRules.violations(http, base.toString(), rule));
        }
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));

        // Only the allowed requests took effect: 10 + 5 restocked - 1 - 2 ordered + 1 cancelled.
        assertEquals(13, api.stock(product));
        assertEquals(10_000 - 200, standIn.balance(owner));
        assertEquals(10_000, standIn.balance(other));
    }
}
