package dev.concurrency.point.service;

import dev.concurrency.point.Hold;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.api.HoldStatus;
import dev.concurrency.point.api.HoldView;
import dev.concurrency.point.api.PointProblem;
import dev.concurrency.point.config.PointConfig;
import dev.concurrency.point.repository.HoldRepository;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.idempotency.Made;
import dev.concurrency.support.idempotency.PendingKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Objects;

/**
 * Holds for the other services (bids), idempotent on the caller's hold id and serialized per member:
 * held once, then released or captured at most once ({@link SettleOnce}; the capture is a hold's own).
 *
 * <p>A hold's status changes only under its holder's lock (a capture takes the payee's too), so a
 * release and a capture of the same hold cannot both win. A release of a hold that never arrived
 * leaves a VOIDED tombstone, and the hold is refused if it comes later.
 */
@ApplicationScoped
public class HoldService {

    private final HoldRepository holds;
    private final MemberPoints memberPoints;
    private final PointConfig config;
    private final SettleOnce<Hold, HoldView> settleOnce;

    HoldService(HoldRepository holds, MemberPoints memberPoints, PointConfig config) {
        this.holds = holds;
        this.memberPoints = memberPoints;
        this.config = config;
        SettleOnce.Rules<Hold, HoldView> rules = new SettleOnce.Rules<>(Hold::held, PointChange::hold, PointChange::release,
                HoldService::view, HoldService::releasedBefore);
        this.settleOnce = new SettleOnce<>(holds, memberPoints, config, rules, "hold",
                PointProblem.HOLD_NOT_FOUND, PointProblem.HOLD_CANCELLED);
    }

    public Made<HoldView> hold(PendingKey key, String holdId, long memberId, long amount) {
        return settleOnce.make(key, holdId, memberId, amount);
    }

    public HoldView get(String holdId) {
        return settleOnce.get(holdId);
    }

    /** Gives the points back once; a hold that never arrived is voided, and stays so. */
    public HoldView release(PendingKey key, String holdId) {
        return settleOnce.undo(key, holdId);
    }

    /** Pays the held points to the payee once: holder and payee change together, under both their locks. */
    public HoldView capture(PendingKey key, String holdId, long payeeMemberId) {
        Hold current = QuarkusTransaction.requiringNew().call(() -> settleOnce.require(holdId));
        if (!current.isActive()) {
            return afterCapture(current, payeeMemberId);
        }
        long holder = current.memberId;
        return memberPoints.lockedMany(key, List.of(holder, payeeMemberId), config.serviceCallMaxWait(), writer -> {
            Hold hold = holds.findById(holdId);
            if (!hold.isActive()) {
                return afterCapture(hold, payeeMemberId);
            }
            memberPoints.apply(holder, PointChange.capture(hold.amount, holdId), writer);
            memberPoints.apply(payeeMemberId, PointChange.payout(hold.amount, holdId), writer);
            hold.captured(payeeMemberId);
            return view(hold);
        });
    }

    private static HoldView afterCapture(Hold hold, long payeeMemberId) {
        if (hold.isCancelled()) {
            throw new ApiException(PointProblem.HOLD_NOT_ACTIVE, "hold " + hold.holdId + " was " + hold.statusName().toLowerCase());
        }
        // Captured before: to the same payee that is a repeat, to another one a different request.
        if (!Objects.equals(hold.payeeMemberId, payeeMemberId)) {
            throw new ApiException(CommonProblem.IDEMPOTENCY_KEY_REUSED, "hold " + hold.holdId + " was captured to another member");
        }
        return view(hold);
    }

    private static HoldView view(Hold h) {
        return new HoldView(h.holdId, h.memberId, h.amount, h.status);
    }

    /** Released or voided before: the same answer again; captured: a release comes too late. */
    private static HoldView releasedBefore(Hold hold) {
        if (hold.status == HoldStatus.CAPTURED) {
            throw new ApiException(PointProblem.HOLD_ALREADY_CAPTURED, "hold " + hold.holdId + " was captured");
        }
        return view(hold);
    }
}
