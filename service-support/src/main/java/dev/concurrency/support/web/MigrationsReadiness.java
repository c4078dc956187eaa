package dev.concurrency.support.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;

/**
 * Ready only once every migration is applied (the database and Redis have their own checks). Once
 * Flyway has reported none pending, it is not asked again: applied migrations stay applied, and a
 * probe every few seconds on every replica would otherwise open a connection and read the schema
 * history each time.
 */
@Readiness
@ApplicationScoped
public class MigrationsReadiness implements HealthCheck {

    private final Flyway flyway;
    private volatile boolean allApplied;

    MigrationsReadiness(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public HealthCheckResponse call() {
        if (allApplied) {
            return HealthCheckResponse.named("migrations").up().withData("pending", 0).build();
        }
        try {
            int pending = flyway.info().pending().length;
            allApplied = pending == 0;
            return HealthCheckResponse.named("migrations").status(pending == 0).withData("pending", pending).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("migrations").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
