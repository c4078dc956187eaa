package dev.concurrency.order;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Negative control: the race of {@link StockContention} with orders.concurrency-control=NONE
 * oversells or loses units, which shows that the strategies' tests would notice if theirs did.
 */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(NoControlStockTest.Profile.class)
class NoControlStockTest extends StockContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("NONE");
        }
    }

    @Test
    @Override
    void noUnitIsSoldTwiceOrLost() throws Exception {
        // A race is a race: a round may happen to interleave harmlessly, so up to five rounds are run
        // until one shows the damage (in practice the first one does).
        for (int attempt = 1; attempt <= 5; attempt++) {
            if (!race().conserved()) {
                return;
            }
        }
        assertTrue(false, "five rounds without any concurrency control kept the stock right: the race did not happen");
    }
}
