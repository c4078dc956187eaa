package dev.concurrency.auction;

import dev.concurrency.point.standin.StandInResource;

import java.util.Map;

/**
 * Starts a point-service stand-in and points auction-service at it, with short timings so that
 * recovery happens within a test: a bid left HOLDING is abandoned after 3 s, hold tasks back off at most 1 s.
 */
public class StandInPointService extends StandInResource {

    public StandInPointService() {
        super(Map.of("auctions.stale-bid-after", "3s", "auctions.task-max-backoff", "1s"));
    }
}
