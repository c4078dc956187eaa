package dev.concurrency.point.repository;

import dev.concurrency.point.Hold;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class HoldRepository implements PanacheRepositoryBase<Hold, String>, SettlementRepository<Hold> {

    private static final SettlementRows ROWS = new SettlementRows("point_hold", "hold_id");

    @Override
    public Hold byId(String id) {
        return findById(id);
    }

    @Override
    public boolean voidIfAbsent(String holdId) {
        return ROWS.voidIfAbsent(getEntityManager(), holdId);
    }

    @Override
    public boolean insertIfAbsent(Hold made) {
        return ROWS.insertIfAbsent(getEntityManager(), made);
    }
}
