package dev.concurrency.order.client;

/** point-service answered 5xx: worth trying again, since every payment call is idempotent on its id. */
public class PointServiceUnavailable extends RuntimeException {

    public PointServiceUnavailable(String message) {
        super(message, null, false, false);
    }
}
