package dev.concurrency.point;

import dev.concurrency.point.api.PointProblem;
import dev.concurrency.support.problem.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rules of points, without any infrastructure. */
class PointsTest {

    @Test
    void chargingAddsToBalanceAndAvailable() {
        Points p = new Points(100, 40).charge(50);
        assertEquals(150, p.balance());
        assertEquals(110, p.available());
    }

    @Test
    void spendingTakesOnlyFromAvailable() {
        Points p = new Points(100, 40);
        assertEquals(new Points(40, 40), p.spend(60));
        ApiException e = assertThrows(ApiException.class, () -> p.spend(61));
        assertEquals(PointProblem.INSUFFICIENT_POINTS, e.problem());
    }

    @Test
    void theBalanceNeverExceedsTheLimit() {
        Points p = new Points(Points.MAX_BALANCE - 10, 0);
        assertEquals(Points.MAX_BALANCE, p.charge(10).balance());
        ApiException e = assertThrows(ApiException.class, () -> p.charge(11));
        assertEquals(PointProblem.BALANCE_LIMIT_EXCEEDED, e.problem());
    }

    @Test
    void aHoldTakesFromAvailableButNotFromTheBalance() {
        Points p = new Points(100, 40).hold(60);
        assertEquals(new Points(100, 100), p);
        assertEquals(0, p.available());
        ApiException e = assertThrows(ApiException.class, () -> new Points(100, 40).hold(61));
        assertEquals(PointProblem.INSUFFICIENT_POINTS, e.problem());
        assertEquals(PointProblem.INSUFFICIENT_POINTS,
                assertThrows(ApiException.class, () -> new Points(100, 100).spend(1)).problem(), "held points cannot be spent");
    }

    @Test
    void aReleaseGivesBackAndACaptureTakesTheHeldPointsForGood() {
        Points p = new Points(100, 70);
        assertEquals(new Points(100, 40), p.release(30));
        assertEquals(new Points(70, 40), p.capture(30));
        assertEquals(new Points(30, 0), p.capture(70));
        assertThrows(IllegalStateException.class, () -> p.release(71));
        assertThrows(IllegalStateException.class, () -> p.capture(71));
    }

    @Test
    void pointsOwedAreCreditedPastTheLimitThatOnlyChargesObey() {
        Points p = new Points(Points.MAX_BALANCE - 10, 5);
        assertEquals(new Points(Points.MAX_BALANCE + 1, 5), PointChange.payout(11, "h").applyTo(p));
        assertEquals(new Points(Points.MAX_BALANCE + 1, 5), PointChange.refund(11, "p").applyTo(p));
        ApiException e = assertThrows(ApiException.class, () -> PointChange.charge(11).applyTo(p));
        assertEquals(PointProblem.BALANCE_LIMIT_EXCEEDED, e.problem());
        ApiException past = assertThrows(ApiException.class, () -> new Points(Points.MAX_BALANCE + 1, 0).charge(1));
        assertEquals(PointProblem.BALANCE_LIMIT_EXCEEDED, past.problem(), "a balance past the limit takes no charge");
    }

    @Test
    void everyLedgerTypeHasItsRule() {
        Points p = new Points(1000, 100);
        for (LedgerType type : LedgerType.values()) {
            Points after = new PointChange(type, 50, "r").applyTo(p);
            long balanceChange = after.balance() - p.balance();
            long heldChange = after.held() - p.held();
            switch (type) {
                case CHARGE, REFUND, PAYOUT -> assertEquals(50, balanceChange, type.name());
                case USE, PAYMENT, CAPTURE -> assertEquals(-50, balanceChange, type.name());
                case HOLD, RELEASE -> assertEquals(0, balanceChange, type.name());
            }
            switch (type) {
                case HOLD -> assertEquals(50, heldChange, type.name());
                case RELEASE, CAPTURE -> assertEquals(-50, heldChange, type.name());
                default -> assertEquals(0, heldChange, type.name());
            }
        }
    }

    @Test
    void impossiblePointsCannotExist() {
        assertThrows(IllegalArgumentException.class, () -> new Points(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Points(10, 11));
        assertThrows(IllegalArgumentException.class, () -> new Points(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new Points(10, 0).spend(0));
    }
}
