package dev.concurrency.support.security;

/** The roles a token's {@code groups} claim may hold (docs/api.md#authentication). */
public final class Roles {

    /** A member acting on its own points, orders, auctions and bids ({@code sub} = its member id). */
    public static final String MEMBER = "member";
    /** Creates members and products, restocks, reads anything. */
    public static final String ADMIN = "admin";
    /** order-service and auction-service calling point-service's payments and holds. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
