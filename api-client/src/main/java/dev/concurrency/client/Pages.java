package dev.concurrency.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.auth.Identity;

import java.util.ArrayList;
import java.util.List;

/** Reads a paged list ({@code {"items","nextCursor"}}, {@code ?limit=&cursor=}) to its end. */
final class Pages {

    private Pages() {
    }

    static List<JsonNode> all(Http http, String url, Identity as, String what) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = http.get(url + "?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), as);
            if (page.status() != 200) {
                throw new AssertionError(what + " failed: " + page);
            }
            page.body().get("items").forEach(items::add);
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return items;
    }
}
