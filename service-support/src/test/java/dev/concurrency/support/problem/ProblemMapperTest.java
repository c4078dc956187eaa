package dev.concurrency.support.problem;

import dev.concurrency.lock.LockWaitTimeoutException;
import dev.concurrency.lock.combining.OverloadedException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Contention is answered 503 OVERLOADED with Retry-After, whichever wait ran out; never a 500. */
class ProblemMapperTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void aLockThatStayedBusyForTheWholeWaitIsOverloaded() {
        assertOverloaded(mapper.lock(new LockWaitTimeoutException("member:1", Duration.ofSeconds(30))));
    }

    @Test
    void tooManyWaitingForOneKeyIsOverloaded() {
        assertOverloaded(mapper.lock(new OverloadedException("1", "10000 requests already wait")));
    }

    @Test
    void aConnectionPoolThatStayedExhaustedIsOverloadedNotAnInternalError() {
        assertOverloaded(mapper.any(new IllegalStateException(new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void aCommitThatFailedIsUnavailableNotAnInternalError() {
        Response response = mapper.any(new io.quarkus.narayana.jta.QuarkusTransactionException(
                new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.")));
        assertEquals(503, response.getStatus());
        assertEquals("SERVICE_UNAVAILABLE", ((Problem) response.getEntity()).getCode());
        assertNotNull(response.getHeaderString("Retry-After"));
        Response broken = mapper.any(new jakarta.persistence.PersistenceException(
                new java.sql.SQLNonTransientConnectionException("Communications link failure during commit()")));
        assertEquals(503, broken.getStatus());
    }

    private static void assertOverloaded(Response response) {
        assertEquals(503, response.getStatus());
        assertEquals("OVERLOADED", ((Problem) response.getEntity()).getCode());
        assertNotNull(response.getHeaderString("Retry-After"));
    }
}
