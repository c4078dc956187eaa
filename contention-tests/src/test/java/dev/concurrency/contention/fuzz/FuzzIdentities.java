package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.auth.Entitled;
import dev.concurrency.client.auth.Identity;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity each fuzzed request is sent as: the one entitled to it ({@link Entitled}), so that a
 * case fails for the input it tests, not for its token. Cancelling an order takes its member, learnt
 * from the orders the services answered.
 */
final class FuzzIdentities {

    private static final Pattern CANCEL = Pattern.compile("^/orders/([^/]+)/cancel$");
    private static final Map<Long, Long> ORDER_MEMBERS = new ConcurrentHashMap<>();

    private FuzzIdentities() {
    }

    static Identity entitled(Request request) {
        String path = request.target().split("\\?", 2)[0];
        Matcher cancel = CANCEL.matcher(path);
        if (cancel.matches()) {
            java.util.OptionalLong order = Entitled.pathNumber(cancel.group(1));
            Long member = order.isPresent() ? ORDER_MEMBERS.get(order.getAsLong()) : null;
            if (member != null) {
                return Identity.member(member);
            }
        }
        return Entitled.to(request.method(), path, new String(request.body(), StandardCharsets.UTF_8));
    }

    /** Remembers the member of an order an answer shows. */
    static void learn(Request request, Answer answer) {
        JsonNode json = answer.json();
        if (request.target().startsWith("/orders") && json != null && json.path("id").isIntegralNumber()
                && json.path("memberId").isIntegralNumber()) {
            ORDER_MEMBERS.put(json.get("id").asLong(), json.get("memberId").asLong());
        }
    }
}
