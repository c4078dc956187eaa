package dev.concurrency.point;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.StaleFencingTokenException;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.point.service.MemberService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The member row's fencing, at the SQL: once a newer holder has claimed the row, an older holder
 * can neither claim it back nor write to it, even if the newer holder has not written yet.
 */
@QuarkusTest
class FencedMemberWriteTest {

    @Inject
    MemberRepository members;
    @Inject
    MemberService memberService;

    @Test
    void anOlderTokenCannotWriteOnceANewerOneHasClaimed() {
        long id = memberService.create(null, "fenced").id();
        FencingToken older = new FencingToken(1_000);
        FencingToken newer = new FencingToken(2_000);

        QuarkusTransaction.requiringNew().run(() -> members.claim(id, older));
        QuarkusTransaction.requiringNew().run(() -> members.claim(id, newer));

        assertThrows(StaleFencingTokenException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> members.writePoints(id, new Points(999, 0), older)));
        assertThrows(StaleFencingTokenException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> members.claim(id, older)));

        QuarkusTransaction.requiringNew().run(() -> members.writePoints(id, new Points(5, 0), newer));
        assertEquals(5, QuarkusTransaction.requiringNew().call(() -> members.require(id).balance));
    }
}
