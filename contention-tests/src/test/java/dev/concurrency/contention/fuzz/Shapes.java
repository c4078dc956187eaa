package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The body shapes of successful answers (docs/api.md#point-service-5): fields present, of their types, with their rules. */
final class Shapes {

    static final Set<String> LEDGER_TYPES = Set.of("CHARGE", "USE", "PAYMENT", "REFUND", "HOLD", "RELEASE", "CAPTURE", "PAYOUT");

    private Shapes() {
    }

    static void member(Exchange e) {
        require(e, has(e, "id", JsonNode::isIntegralNumber), has(e, "name", JsonNode::isTextual));
    }

    static void points(Exchange e) {
        JsonNode b = e.answer().json();
        List<String> problems = new ArrayList<>();
        for (String f : new String[] {"memberId", "balance", "held", "available"}) {
            problems.addAll(has(e, f, JsonNode::isIntegralNumber));
        }
        if (problems.isEmpty()) {
            long balance = b.get("balance").asLong();
            long held = b.get("held").asLong();
            long available = b.get("available").asLong();
            if (available != balance - held || balance < 0 || held < 0 || available < 0) {
                problems.add("impossible points: available must be balance - held, nothing negative");
            }
        }
        require(e, problems);
    }

    static void payment(Exchange e) {
        require(e, has(e, "paymentId", JsonNode::isTextual), has(e, "status", n -> Set.of("PAID", "REFUNDED", "VOIDED").contains(n.asText())));
    }

    static void hold(Exchange e) {
        require(e, has(e, "holdId", JsonNode::isTextual),
                has(e, "status", n -> Set.of("HELD", "RELEASED", "CAPTURED", "VOIDED").contains(n.asText())));
    }

    static void product(Exchange e) {
        require(e, has(e, "id", JsonNode::isIntegralNumber), has(e, "name", JsonNode::isTextual),
                has(e, "price", JsonNode::isIntegralNumber), has(e, "stock", n -> n.isIntegralNumber() && n.asLong() >= 0));
    }

    static void order(Exchange e) {
        order(e, e.answer().json());
    }

    static void order(Exchange e, JsonNode o) {
        List<String> problems = new ArrayList<>();
        for (String f : new String[] {"id", "memberId", "totalAmount"}) {
            if (!o.path(f).isIntegralNumber()) {
                problems.add("no number '" + f + "' in an order");
            }
        }
        if (!Set.of("PENDING", "COMPLETED", "CANCELLED").contains(o.path("status").asText())) {
            problems.add("order status '" + o.path("status") + "'");
        }
        if (!o.has("failureReason")) {
            problems.add("no field 'failureReason'");
        }
        if (!o.path("items").isArray() || o.path("items").isEmpty()) {
            problems.add("no items");
        } else {
            long total = 0;
            for (JsonNode item : o.get("items")) {
                total += item.path("quantity").asLong() * item.path("unitPrice").asLong();
                if (!item.path("productId").isIntegralNumber() || !item.path("quantity").isIntegralNumber() || !item.path("unitPrice").isIntegralNumber()) {
                    problems.add("item without productId, quantity, unitPrice: " + item);
                }
            }
            if (total != o.path("totalAmount").asLong()) {
                problems.add("totalAmount " + o.path("totalAmount") + " is not sum(quantity * unitPrice) = " + total);
            }
        }
        require(e, problems);
    }

    static void auction(Exchange e) {
        auction(e, e.answer().json());
    }

    static void auction(Exchange e, JsonNode a) {
        List<String> problems = new ArrayList<>();
        for (String f : new String[] {"id", "sellerId", "startPrice", "minIncrement", "currentPrice", "bidCount"}) {
            if (!a.path(f).isIntegralNumber()) {
                problems.add("no number '" + f + "'");
            }
        }
        for (String f : new String[] {"title", "endsAt"}) {
            if (!a.path(f).isTextual()) {
                problems.add("no text '" + f + "'");
            }
        }
        for (String f : new String[] {"highestBidderId", "winnerId"}) {
            if (!a.has(f)) {
                problems.add("no field '" + f + "'");
            }
        }
        if (!Set.of("OPEN", "CLOSED").contains(a.path("status").asText())) {
            problems.add("auction status '" + a.path("status") + "'");
        }
        if (a.path("currentPrice").asLong() < a.path("startPrice").asLong()) {
            problems.add("currentPrice below startPrice");
        }
        require(e, problems);
    }

    static void bid(Exchange e, JsonNode b) {
        List<String> problems = new ArrayList<>();
        for (String f : new String[] {"id", "auctionId", "bidderId", "amount", "previousPrice"}) {
            if (!b.path(f).isIntegralNumber()) {
                problems.add("no number '" + f + "' in a bid");
            }
        }
        if (!b.path("createdAt").isTextual()) {
            problems.add("no text 'createdAt' in a bid");
        }
        require(e, problems);
    }

    @SafeVarargs
    private static void require(Exchange e, List<String>... problemLists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : problemLists) {
            all.addAll(list);
        }
        if (!all.isEmpty()) {
            throw Violation.of("wrong body from " + e.endpoint() + ": " + all.get(0), String.join("; ", all), e);
        }
    }

    private static List<String> has(Exchange e, String field, java.util.function.Predicate<JsonNode> ok) {
        JsonNode body = e.answer().json();
        if (body == null || !body.has(field)) {
            return List.of("no field '" + field + "'");
        }
        return ok.test(body.get(field)) ? List.of() : List.of("field '" + field + "' is " + body.get(field));
    }

    /**
     * What a create answered is what a read of it answers afterwards (the created entity was stored
     * as answered).
     */
    static void readsBackAsCreated(RawHttp.Service service, String path, Exchange created) {
        Exchange read = service.send(Request.get(path));
        if (read.answer().status() == 200 && read.answer().json() != null && JsonText.sameJson(read.answer().json(), created.answer().json())) {
            return;
        }
        String what = "what was created is not read back as answered";
        throw Violation.of("created entity read back otherwise: " + created.endpoint(), what, created, read);
    }

    /** Fails with a violation naming the exchange when the condition does not hold. */
    static void expect(boolean holds, Exchange e, String what) {
        if (!holds) {
            throw Violation.of("wrong result from " + e.endpoint() + ": " + what, what, e);
        }
    }
}
