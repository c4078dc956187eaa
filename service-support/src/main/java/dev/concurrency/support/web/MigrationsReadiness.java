package dev.concurrency.support.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;

/** Ready only once every migration is applied (the database and Redis have their own checks). */
@Readiness
@ApplicationScoped
public class MigrationsReadiness implements HealthCheck {

    private final Flyway flyway;

    MigrationsReadiness(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int pending = flyway.info().pending().length;
            return HealthCheckResponse.named("migrations").status(pending == 0).withData("pending", pending).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("migrations").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
