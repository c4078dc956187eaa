package dev.concurrency.point.service;

import jakarta.enterprise.context.RequestScoped;

/**
 * The {@code X-Fault-Pause-Ms} header of the request being served, as the fault-injecting build's
 * request filter found it (null: none, or a production build, which has no such filter).
 */
@RequestScoped
public class RequestedPause {

    public static final String HEADER = "X-Fault-Pause-Ms";

    private String header;

    String header() {
        return header;
    }

    public void set(String header) {
        this.header = header;
    }
}
