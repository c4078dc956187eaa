package dev.concurrency.auction.service;

import dev.concurrency.auction.service.BidControl.BidAttempt;
import dev.concurrency.auction.service.BidControl.Decision;
import dev.concurrency.support.idempotency.PendingKey;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Where a bid enters: the refusals that are already final are answered without the lock, the rest
 * go to the configured {@link BidControl}, which places the bid or refuses it ({@link BidSteps}).
 */
@ApplicationScoped
public class BidService {

    private final BidControl control;
    private final KnownAuctions known;

    BidService(BidControl control, KnownAuctions known) {
        this.control = control;
        this.known = known;
    }

    /** Places the bid once for the request's Idempotency-Key {@code key} (null: none), or refuses it. */
    public BidView bid(PendingKey key, long auctionId, long bidderId, long amount, Long expectedPrice) {
        // Prices only rise and an ended auction never reopens, so a bid that is too low, late or
        // against an older price than one this process has seen committed stays refused.
        known.get(auctionId).refuseFinally(bidderId, amount, expectedPrice, Instant.now());

        Decision decision = control.decide(new BidAttempt(auctionId, bidderId, amount, expectedPrice, key));
        if (decision.refusal() != null) {
            throw decision.refusal();
        }
        known.accepted(decision.accepted());
        return decision.accepted();
    }
}
