package dev.concurrency.auction.repository;

import dev.concurrency.auction.HoldTask;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class HoldTaskRepository implements PanacheRepository<HoldTask> {

    public List<Long> due(Instant now, int limit) {
        return find("done = false and nextAttemptAt <= ?1 order by id", now).page(0, limit).list().stream().map(t -> t.id).toList();
    }

    /** Adds the task unless the same action on the same hold is already recorded. */
    public HoldTask add(HoldTask task) {
        HoldTask existing = find("holdId = ?1 and action = ?2", task.holdId, task.action).firstResult();
        if (existing != null) {
            return existing;
        }
        persist(task);
        return task;
    }
}
