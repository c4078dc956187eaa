package dev.concurrency.order;

import dev.concurrency.client.Concurrently;
import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.Reply;
import dev.concurrency.point.standin.InjectStandIn;
import dev.concurrency.point.standin.PointServiceStandIn;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One product, more orders than stock and restocks at the same time, against one strategy
 * (orders.concurrency-control): no unit is sold twice, none is lost, stock never goes negative.
 * A strategy may refuse as busy (503), never oversell. Subclasses pick the strategy; the NONE
 * subclass checks that the same race does oversell, so these checks have teeth.
 */
abstract class StockContention {

    private static final AtomicLong MEMBERS = new AtomicLong(System.currentTimeMillis() * 100 + 50);

    /** Test profile running the service with one strategy. */
    abstract static class Strategy implements QuarkusTestProfile {
        private final String name;

        Strategy(String name) {
            this.name = name;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orders.concurrency-control", name);
        }
    }

    /** What one round of the race did. */
    record Round(long initial, long restocked, long sold, long stock, long busy) {
        boolean conserved() {
            return stock == initial + restocked - sold && stock >= 0;
        }
    }

    @TestHTTPResource("/")
    URI base;

    @InjectStandIn
    PointServiceStandIn standIn;

    OrderClient api;

    @BeforeEach
    void client() {
        api = new OrderClient(new Http(Duration.ofSeconds(60)), base.toString());
        standIn.behave(PointServiceStandIn.Behaviour.NORMAL);
    }

    /** 40 one-unit orders against 15 units, and 8 one-unit restocks, all released together. */
    Round race() throws Exception {
        long product = api.newProduct("contended", 10, 15);
        List<Reply> replies = Concurrently.run(48, i -> {
            if (i % 6 == 5) {
                return api.restock(product, 1);
            }
            long member = MEMBERS.incrementAndGet();
            standIn.addMember(member, 1_000);
            return api.place(member, List.of(new Line(product, 1)));
        });
        long restocked = 0;
        long sold = 0;
        long busy = 0;
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            if ("SERVICE_UNAVAILABLE".equals(r.code())) {
                busy++;
            } else if (i % 6 == 5) {
                assertEquals(200, r.status(), r::toString);
                restocked++;
            } else if (r.status() == 201) {
                assertEquals("COMPLETED", r.body().get("status").asText(), r::toString);
                sold++;
            } else {
                assertEquals("INSUFFICIENT_STOCK", r.code(), r::toString);
            }
        }
        return new Round(15, restocked, sold, api.stock(product), busy);
    }

    @Test
    void noUnitIsSoldTwiceOrLost() throws Exception {
        Round round = race();
        assertTrue(round.conserved(), () -> "stock not conserved: " + round);
        assertTrue(round.sold <= 15 + round.restocked, () -> "oversold: " + round);
        assertTrue(round.sold >= 15 - round.busy, () -> "orders were refused while the first 15 units were there: " + round);
    }
}
