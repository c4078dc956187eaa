package dev.concurrency.point.service;

import dev.concurrency.point.Member;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.idempotency.PendingKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;


@ApplicationScoped
public class MemberService {

    private final MemberRepository members;
    private final Idempotency idempotency;

    MemberService(MemberRepository members, Idempotency idempotency) {
        this.members = members;
        this.idempotency = idempotency;
    }

    /** A new member starts with no points. Nothing to lock: the row does not exist yet. */
    public MemberView create(PendingKey key, String name) {
        return QuarkusTransaction.requiringNew().call(() -> idempotency.once(key, () -> {
            Member member = new Member();
            member.name = name;
            member.stampCreated();
            members.persist(member);
            return MemberView.of(member);
        }));
    }

    public MemberView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> MemberView.of(members.require(id)));
    }
}
