package dev.concurrency.contention.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every route of the three services (docs/api.md#point-service-5, as the JAX-RS resources under
 * *-service/src/main/java/**&#47;rest/ declare them), and how paths are written and read.
 */
final class Endpoints {

    /** A route: its service, method and path template with {@code {id}} for the path id. */
    record Route(String service, String method, String template, boolean hasBody) {

        String path(String encodedId) {
            return template.replace("{id}", encodedId);
        }
    }

    static final String POINT = "point-service";
    static final String ORDER = "order-service";
    static final String AUCTION = "auction-service";

    static final List<Route> ALL = List.of(
            new Route(POINT, "POST", "/members", true),
            new Route(POINT, "GET", "/members/{id}", false),
            new Route(POINT, "GET", "/members/{id}/points", false),
            new Route(POINT, "POST", "/members/{id}/points/charge", true),
            new Route(POINT, "POST", "/members/{id}/points/use", true),
            new Route(POINT, "GET", "/members/{id}/points/history", false),
            new Route(POINT, "POST", "/payments", true),
            new Route(POINT, "GET", "/payments/{id}", false),
            new Route(POINT, "POST", "/payments/{id}/refund", false),
            new Route(POINT, "POST", "/holds", true),
            new Route(POINT, "GET", "/holds/{id}", false),
            new Route(POINT, "POST", "/holds/{id}/release", false),
            new Route(POINT, "POST", "/holds/{id}/capture", true),
            new Route(ORDER, "POST", "/products", true),
            new Route(ORDER, "GET", "/products/{id}", false),
            new Route(ORDER, "POST", "/products/{id}/restock", true),
            new Route(ORDER, "POST", "/orders", true),
            new Route(ORDER, "GET", "/orders", false),
            new Route(ORDER, "GET", "/orders/{id}", false),
            new Route(ORDER, "POST", "/orders/{id}/cancel", false),
            new Route(AUCTION, "POST", "/auctions", true),
            new Route(AUCTION, "GET", "/auctions/{id}", false),
            new Route(AUCTION, "POST", "/auctions/{id}/bids", true),
            new Route(AUCTION, "GET", "/auctions/{id}/bids", false),
            new Route(AUCTION, "POST", "/auctions/{id}/close", false));

    private Endpoints() {
    }

    /** "/members/abc/points" → "/members/{id}/points": the path id is always the second segment. */
    static String template(String service, String path) {
        String[] segments = path.split("/", -1);
        if (segments.length < 3) {
            return path;
        }
        StringBuilder template = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            template.append('/').append(i == 2 ? "{id}" : segments[i]);
        }
        return template.toString();
    }

    /** The longest decoded path segment, in characters: what the 100-character rule for path ids is about. */
    static int longestSegment(Request request) {
        int longest = 0;
        for (String segment : request.path().split("/")) {
            String decoded = decode(segment);
            longest = Math.max(longest, decoded.codePointCount(0, decoded.length()));
        }
        return longest;
    }

    /**
     * What an HTTP server may refuse before any application code sees it: control characters in a
     * header value (only tab is allowed), or a body past the server's own limit (1 MiB here).
     */
    static boolean notHttp(Request request) {
        boolean badHeader = request.headers().stream().anyMatch(h -> h.value().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f));
        return badHeader || request.body().length > 1_048_576;
    }

    /** Percent-encodes every byte outside the unreserved characters: the id arrives exactly as generated. */
    static String encode(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                try {
                    out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException notEscape) {
                    // a lone '%' stays itself
                }
            }
            out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
