package dev.concurrency.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.auth.Identity;

import java.util.ArrayList;
import java.util.List;

/** order-service's public API (docs/api.md#order-service) at one base URL. */
public final class OrderClient {

    /** One line of an order. */
    public record Line(long productId, int quantity) {
    }

    private final Http http;
    private final String base;

    public OrderClient(Http http, String baseUrl) {
        this.http = http;
        this.base = Http.trimSlash(baseUrl);
    }

    public String baseUrl() {
        return base;
    }

    /** Creates a product and returns its id, or fails. */
    public long newProduct(String name, long price, long stock) {
        Reply reply = http.post(base + "/products", "{\"name\":\"" + name + "\",\"price\":" + price + ",\"stock\":" + stock + "}", null, Identity.admin());
        if (reply.status() != 201) {
            throw new AssertionError("creating product '" + name + "' failed: " + reply);
        }
        return reply.number("id");
    }

    public Reply product(long id) {
        return http.get(base + "/products/" + id, Identity.admin());
    }

    public long stock(long productId) {
        Reply reply = product(productId);
        if (reply.status() != 200) {
            throw new AssertionError("product " + productId + ": " + reply);
        }
        return reply.number("stock");
    }

    public Reply restock(long productId, int quantity) {
        return http.post(base + "/products/" + productId + "/restock", "{\"quantity\":" + quantity + "}", null, Identity.admin());
    }

    public Reply place(long memberId, List<Line> lines) {
        return place(memberId, lines, null);
    }

    public Reply place(long memberId, List<Line> lines, String idempotencyKey) {
        StringBuilder json = new StringBuilder("{\"memberId\":").append(memberId).append(",\"items\":[");
        for (int i = 0; i < lines.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"productId\":").append(lines.get(i).productId())
                    .append(",\"quantity\":").append(lines.get(i).quantity()).append('}');
        }
        return http.post(base + "/orders", json.append("]}").toString(), idempotencyKey, Identity.member(memberId));
    }

    /** The order, read as an admin (who may read anything). */
    public Reply order(long id) {
        return http.get(base + "/orders/" + id, Identity.admin());
    }

    /** Cancels the order as its member. */
    public Reply cancel(long memberId, long orderId) {
        return http.post(base + "/orders/" + orderId + "/cancel", "", null, Identity.member(memberId));
    }

    /** All the member's orders, newest first, read page by page. */
    public List<JsonNode> ordersOf(long memberId) {
        List<JsonNode> orders = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = http.get(base + "/orders?memberId=" + memberId + (cursor == null ? "" : "&cursor=" + cursor), Identity.member(memberId));
            if (page.status() != 200) {
                throw new AssertionError("orders of member " + memberId + ": " + page);
            }
            page.body().get("items").forEach(orders::add);
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return orders;
    }
}
