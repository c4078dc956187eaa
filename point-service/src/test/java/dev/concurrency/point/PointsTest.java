package dev.concurrency.point;

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
    void impossiblePointsCannotExist() {
        assertThrows(IllegalArgumentException.class, () -> new Points(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Points(10, 11));
        assertThrows(IllegalArgumentException.class, () -> new Points(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new Points(10, 0).spend(0));
    }
}
