package dev.concurrency.support.work;

import dev.concurrency.lock.LockException;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DueWorkTest {

    static final Logger LOG = Logger.getLogger(DueWorkTest.class);

    /** Runs the search as it is, where Quarkus would open a transaction. */
    static final DueWork.NewTransaction AS_IS = new DueWork.NewTransaction() {
        @Override
        public <T> List<T> call(Supplier<List<T>> find) {
            return find.get();
        }
    };

    static final DueWork WORK = DueWork.loggingTo(LOG, "skipped: %s").busy("item %d busy: %s").failed("item %d failed: %s")
            .in(AS_IS);

    static final class Busy extends LockException {
        Busy() {
            super("lock", "held elsewhere", null);
        }
    }

    @Test
    void aRoundHandsOnEachDueItemInOrder() {
        List<Integer> handled = new ArrayList<>();
        WORK.round(() -> List.of(3, 1, 2), handled::add);
        assertEquals(List.of(3, 1, 2), handled);
    }

    @Test
    void aRoundWhoseSearchFailsIsSkipped() {
        List<Integer> handled = new ArrayList<>();
        WORK.<Integer>round(() -> {
            throw new IllegalStateException("database away");
        }, handled::add);
        assertEquals(List.of(), handled);
    }

    @Test
    void aRoundLeavesTheHandlingsFailuresToTheHandling() {
        IllegalStateException failure = new IllegalStateException("not isolated");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> WORK.round(() -> List.of(1), item -> {
            throw failure;
        })));
    }

    @Test
    void aRoundAsOneEndsAtItsFirstFailureWithoutThrowing() {
        List<Integer> handled = new ArrayList<>();
        WORK.roundAsOne(() -> WORK.find(() -> List.of(1, 2, 3)).forEach(item -> {
            if (item == 2) {
                throw new IllegalStateException("item 2");
            }
            handled.add(item);
        }));
        assertEquals(List.of(1), handled);
    }

    @Test
    void oneItemsBusyLockOrFailureGoesNoFurtherAndIsTold() {
        List<String> told = new ArrayList<>();
        WORK.one(1L, () -> told.add("done"), busy -> told.add("busy"), failure -> told.add("failed"));
        WORK.one(2L, () -> {
            throw new Busy();
        }, busy -> told.add("busy " + busy.lockName()), failure -> told.add("failed"));
        WORK.one(3L, () -> {
            throw new IllegalStateException("boom");
        }, busy -> told.add("busy"), failure -> told.add("failed " + failure.getMessage()));
        WORK.one(4L, () -> {
            throw new Busy();
        });
        WORK.one(5L, () -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(List.of("done", "busy lock", "failed boom"), told);
    }

    @Test
    void oneItemUnlessBusyThrowsAnyOtherFailure() {
        WORK.oneUnlessBusy(1L, () -> {
            throw new Busy();
        });
        assertThrows(IllegalStateException.class, () -> WORK.oneUnlessBusy(2L, () -> {
            throw new IllegalStateException("ends the round");
        }));
    }
}
