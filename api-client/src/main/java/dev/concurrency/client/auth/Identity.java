package dev.concurrency.client.auth;

import java.util.Set;

/**
 * Who a request speaks for (docs/api.md#authentication): the token's {@code sub} and {@code groups}. Requests are
 * made as the identity that has the right to make them: a member for its own points, orders and bids,
 * an admin for members, products and restocks, a service for payments and holds.
 */
public record Identity(String subject, Set<String> groups) {

    /** No token at all. */
    public static final Identity ANONYMOUS = new Identity(null, Set.of());

    public static Identity member(long memberId) {
        return new Identity(Long.toString(memberId), Set.of("member"));
    }

    /** A member whose id does not matter (reading products, auctions and bids; closing an ended auction). */
    public static Identity someMember() {
        return member(0);
    }

    public static Identity admin() {
        return new Identity("admin", Set.of("admin"));
    }

    public static Identity service() {
        return new Identity("test-harness", Set.of("service"));
    }

    public boolean anonymous() {
        return subject == null;
    }
}
