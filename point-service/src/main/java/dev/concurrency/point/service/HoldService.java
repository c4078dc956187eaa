package dev.concurrency.point.service;

import dev.concurrency.point.api.HoldStatus;
import dev.concurrency.point.api.PointProblem;
import dev.concurrency.point.Hold;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.config.PointsConfig;
import dev.concurrency.point.repository.HoldRepository;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Objects;

/**
 * Holds for the other services (bids), idempotent on the caller's hold id and serialized per member.
 *
 * <p>A hold's status changes only under its holder's lock (a capture takes the payee's too), so a
 * release and a capture of the same hold cannot both win. A release of a hold that never arrived
 * leaves a VOIDED tombstone; as for payments, the hold id is the primary key of both, so whichever
 * row is inserted first decides.
 */
@ApplicationScoped
public class HoldService {

    private final HoldRepository holds;
    private final MemberPoints memberPoints;
    private final PointsConfig config;

    HoldService(HoldRepository holds, MemberPoints memberPoints, PointsConfig config) {
        this.holds = holds;
        this.memberPoints = memberPoints;
        this.config = config;
    }

    public HoldView hold(String holdId, long memberId, long amount) {
        try {
            return memberPoints.lockedMany(List.of(memberId), config.serviceCallMaxWait(), writer -> {
                Hold existing = holds.findById(holdId);
                if (existing != null) {
                    return repeat(existing, memberId, amount);
                }
                memberPoints.apply(memberId, PointChange.hold(amount, holdId), writer);
                Hold held = Hold.held(holdId, memberId, amount);
                if (!holds.insertIfAbsent(held)) {
                    throw new DecidedElsewhere(); // a void (or another member's hold) slipped in first: this hold is undone
                }
                return HoldView.of(held, true);
            });
        } catch (DecidedElsewhere e) {
            return repeat(QuarkusTransaction.requiringNew().call(() -> holds.findById(holdId)), memberId, amount);
        }
    }

    public HoldView get(String holdId) {
        return QuarkusTransaction.requiringNew().call(() -> HoldView.of(require(holdId), false));
    }

    /** Gives the points back once; a hold that never arrived is voided, and stays so. */
    public HoldView release(String holdId) {
        Hold current = QuarkusTransaction.requiringNew().call(() -> {
            holds.voidIfAbsent(holdId);
            return holds.findById(holdId);
        });
        if (current.status != HoldStatus.HELD) {
            return afterRelease(current);
        }
        long memberId = current.memberId;
        return memberPoints.lockedMany(List.of(memberId), config.serviceCallMaxWait(), writer -> {
            Hold hold = holds.findById(holdId);
            if (hold.status != HoldStatus.HELD) {
                return afterRelease(hold);
            }
            memberPoints.apply(memberId, PointChange.release(hold.amount, holdId), writer);
            hold.released();
            return HoldView.of(hold, false);
        });
    }

    /** Pays the held points to the payee once: holder and payee change together, under both their locks. */
    public HoldView capture(String holdId, long payeeMemberId) {
        Hold current = QuarkusTransaction.requiringNew().call(() -> require(holdId));
        if (current.status != HoldStatus.HELD) {
            return afterCapture(current, payeeMemberId);
        }
        long holder = current.memberId;
        return memberPoints.lockedMany(List.of(holder, payeeMemberId), config.serviceCallMaxWait(), writer -> {
            Hold hold = holds.findById(holdId);
            if (hold.status != HoldStatus.HELD) {
                return afterCapture(hold, payeeMemberId);
            }
            memberPoints.apply(holder, PointChange.capture(hold.amount, holdId), writer);
            memberPoints.apply(payeeMemberId, PointChange.payout(hold.amount, holdId), writer);
            hold.captured(payeeMemberId);
            return HoldView.of(hold, false);
        });
    }

    private static HoldView repeat(Hold existing, long memberId, long amount) {
        if (existing.isCancelled()) {
            throw new ApiException(PointProblem.HOLD_CANCELLED, "hold " + existing.holdId + " was "
                    + existing.status.name().toLowerCase() + " before");
        }
        if (existing.memberId != memberId || existing.amount != amount) {
            throw new ApiException(CommonProblem.IDEMPOTENCY_KEY_REUSED, "hold " + existing.holdId
                    + " exists with another member or amount");
        }
        return HoldView.of(existing, false);
    }

    private static HoldView afterRelease(Hold hold) {
        if (hold.status == HoldStatus.CAPTURED) {
            throw new ApiException(PointProblem.HOLD_ALREADY_CAPTURED, "hold " + hold.holdId + " was captured");
        }
        return HoldView.of(hold, false);
    }

    private static HoldView afterCapture(Hold hold, long payeeMemberId) {
        if (hold.isCancelled()) {
            throw new ApiException(PointProblem.HOLD_NOT_ACTIVE, "hold " + hold.holdId + " was "
                    + hold.status.name().toLowerCase());
        }
        // Captured before: to the same payee that is a repeat, to another one a different request.
        if (!Objects.equals(hold.payeeMemberId, payeeMemberId)) {
            throw new ApiException(CommonProblem.IDEMPOTENCY_KEY_REUSED, "hold " + hold.holdId
                    + " was captured to another member");
        }
        return HoldView.of(hold, false);
    }

    private Hold require(String holdId) {
        Hold hold = holds.findById(holdId);
        if (hold == null) {
            throw new ApiException(PointProblem.HOLD_NOT_FOUND, "hold " + holdId + " does not exist");
        }
        return hold;
    }
}
