package dev.concurrency.point.repository;

import dev.concurrency.point.Payment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, String>, SettlementRepository<Payment> {

    private static final SettlementRows ROWS = new SettlementRows("payment", "payment_id");

    @Override
    public Payment byId(String id) {
        return findById(id);
    }

    @Override
    public boolean voidIfAbsent(String paymentId) {
        return ROWS.voidIfAbsent(getEntityManager(), paymentId);
    }

    @Override
    public boolean insertIfAbsent(Payment made) {
        return ROWS.insertIfAbsent(getEntityManager(), made);
    }
}
