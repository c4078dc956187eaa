package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The point-service replicas of one scenario: N real processes on loopback ports sharing one
 * database and one Redis, or (external mode) the URLs of a deployment that is already running.
 */
public final class PointCluster implements AutoCloseable {

    private final List<ServiceReplica> replicas;
    private final List<String> urls;

    private PointCluster(List<ServiceReplica> replicas, List<String> urls) {
        this.replicas = replicas;
        this.urls = urls;
    }

    /** Starts the configured number of replicas with these settings on top of the suite's defaults. */
    public static PointCluster start(SuiteConfig config, String scenario, Map<String, String> settings) {
        if (config.external()) {
            return new PointCluster(List.of(), config.pointUrls());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.jdbc.url", "jdbc:mysql://" + config.dbHost() + "/point_test");
        properties.put("quarkus.datasource.username", "point_svc");
        properties.put("quarkus.datasource.password", "point_svc");
        properties.put("quarkus.redis.hosts", config.redisUrl());
        // Scenarios without faults expect no 503: waiting long for a hot lock is fine there.
        properties.put("distributed-lock.wait-timeout", "60s");
        properties.putAll(settings);

        Path logs = config.output().resolve("logs").resolve(scenario);
        List<ServiceReplica> started = new ArrayList<>();
        try {
            for (int i = 0; i < config.replicas(); i++) {
                started.add(ServiceReplica.start("point-service-" + i, config.pointJar(), properties, logs));
            }
            for (ServiceReplica replica : started) {
                replica.awaitReady(Duration.ofSeconds(120));
            }
        } catch (RuntimeException e) {
            started.forEach(ServiceReplica::close);
            throw e;
        }
        return new PointCluster(started, started.stream().map(ServiceReplica::baseUrl).toList());
    }

    public List<String> urls() {
        return urls;
    }

    public int size() {
        return urls.size();
    }

    public ServiceReplica replica(int index) {
        return replicas.get(index);
    }

    public List<PointClient> clients(Http http) {
        return urls.stream().map(url -> new PointClient(http, url)).toList();
    }

    @Override
    public void close() {
        replicas.parallelStream().forEach(ServiceReplica::close);
    }
}
