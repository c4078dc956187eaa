package dev.concurrency.contention;

import dev.concurrency.client.AuctionClient;
import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.PointClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The replicas of one service in one scenario: N real processes on loopback ports sharing the
 * service's database and one Redis, or (external mode) the URLs of a deployment already running.
 */
public final class ServiceCluster implements AutoCloseable {

    /** Every cluster of the running scenarios, for the settlement check ({@link Settlement}). */
    private static final Set<ServiceCluster> LIVE = ConcurrentHashMap.newKeySet();

    private final String service;
    private final List<ServiceReplica> replicas;
    private final List<String> urls;
    private final List<String> metricsUrls;

    private ServiceCluster(String service, List<ServiceReplica> replicas, List<String> urls, List<String> metricsUrls) {
        this.service = service;
        this.replicas = replicas;
        this.urls = urls;
        this.metricsUrls = metricsUrls;
        LIVE.add(this);
    }

    /** External mode: the deployment's URLs; its /q/metrics where contention.{point,order,auction}.metrics-url says (an entry point does not route them). */
    private static ServiceCluster external(String service, List<String> urls) {
        String metrics = System.getProperty("contention." + service.replace("-service", "") + ".metrics-url", "").trim();
        return new ServiceCluster(service, List.of(), urls, metrics.isEmpty() ? urls : List.of(metrics));
    }

    /** The clusters started and not yet closed. */
    public static List<ServiceCluster> live() {
        return List.copyOf(LIVE);
    }

    /**
     * The latest warnings and errors the live replicas logged (at most {@code max} per replica, newest
     * last, each prefixed with its replica's name): what a failed scenario's message carries, because CI
     * keeps no replica logs.
     */
    public static List<String> recentWarnings(int max) {
        List<String> lines = new ArrayList<>();
        for (ServiceCluster cluster : live()) {
            for (ServiceReplica replica : cluster.replicas) {
                try (Stream<String> log = Files.lines(replica.log(), StandardCharsets.UTF_8)) {
                    List<String> warnings = log.filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                            .filter(l -> !l.contains("has been already registered")).toList();
                    warnings.subList(Math.max(0, warnings.size() - max), warnings.size())
                            .forEach(l -> lines.add(replica.log().getFileName() + ": " + (l.length() > 400 ? l.substring(0, 400) + "..." : l)));
                } catch (IOException | UncheckedIOException e) {
                    lines.add(replica.log() + ": unreadable (" + e.getMessage() + ")");
                }
            }
        }
        return lines;
    }

    /** "point-service", "order-service" or "auction-service". */
    public String service() {
        return service;
    }

    /** Asks {@link #points} for the fault-injecting build of point-service (the X-Fault-Pause-Ms hook). */
    public static final String FAULT_INJECTION = "fault-injection.enabled";

    /**
     * point-service replicas with these settings on top of the suite's defaults. With
     * {@link #FAULT_INJECTION} = true they run the build made for fault tests
     * (target/quarkus-app-fault-injecting, beside the shipped jar), which alone has the hook.
     */
    public static ServiceCluster points(SuiteConfig config, String scenario, Map<String, String> settings) {
        if (config.external()) {
            return external("point-service", config.pointUrls());
        }
        Map<String, String> rest = new LinkedHashMap<>(settings);
        boolean faults = "true".equals(rest.remove(FAULT_INJECTION));
        Path jar = faults ? config.pointJar().toAbsolutePath().getParent().resolveSibling("quarkus-app-fault-injecting").resolve("quarkus-run.jar")
                : config.pointJar();
        return start(config, scenario, "point-service", jar, database(config, "point"), rest);
    }

    /** order-service replicas, each told about every replica of {@code points} (Stork's static list). */
    public static ServiceCluster orders(SuiteConfig config, String scenario, ServiceCluster points, Map<String, String> settings) {
        if (config.external()) {
            return external("order-service", config.orderUrls());
        }
        Map<String, String> properties = database(config, "order");
        properties.put("quarkus.stork.point-service.service-discovery.address-list", addressList(points));
        // Recovery must not take over an order whose request is still on its way to the payment (a busy machine).
        properties.put("orders.recovery-grace", "5s");
        properties.putAll(settings);
        return start(config, scenario, "order-service", config.orderJar(), properties, Map.of());
    }

    /** auction-service replicas, each told about every replica of {@code points}. */
    public static ServiceCluster auctions(SuiteConfig config, String scenario, ServiceCluster points, Map<String, String> settings) {
        if (config.external()) {
            return external("auction-service", config.auctionUrls());
        }
        Map<String, String> properties = database(config, "auction");
        properties.put("quarkus.stork.point-service.service-discovery.address-list", addressList(points));
        properties.put("auctions.stale-bid-after", "10s");
        properties.putAll(settings);
        return start(config, scenario, "auction-service", config.auctionJar(), properties, Map.of());
    }

    private static String addressList(ServiceCluster points) {
        return points.urls().stream().map(u -> u.replace("http://", "")).collect(Collectors.joining(","));
    }

    private static Map<String, String> database(SuiteConfig config, String service) {
        Map<String, String> properties = new LinkedHashMap<>();
        // A database of its own, apart from the @QuarkusTests' *_test: no recovery worker settles another suite's orders.
        properties.put("quarkus.datasource.jdbc.url", "jdbc:mysql://" + config.dbHost() + "/" + service + "_contention");
        properties.put("quarkus.datasource.username", service + "_svc");
        properties.put("quarkus.datasource.password", service + "_svc");
        properties.put("quarkus.redis.hosts", config.redisUrl());
        // Scenarios without faults expect no 503: waiting long for a hot lock is fine there.
        properties.put("distributed-lock.wait-timeout", "60s");
        return properties;
    }

    private static ServiceCluster start(SuiteConfig config, String scenario, String service, Path jar,
            Map<String, String> base, Map<String, String> settings) {
        Map<String, String> properties = new LinkedHashMap<>(base);
        properties.putAll(settings);
        Path logs = config.output().resolve("logs").resolve(scenario);
        List<ServiceReplica> started = new ArrayList<>();
        try {
            for (int i = 0; i < config.replicas(); i++) {
                started.add(ServiceReplica.start(service + "-" + i, jar, properties, logs));
            }
            for (ServiceReplica replica : started) {
                replica.awaitReady(Duration.ofSeconds(180));
            }
        } catch (RuntimeException e) {
            started.forEach(ServiceReplica::close);
            throw e;
        }
        List<String> urls = started.stream().map(ServiceReplica::baseUrl).toList();
        return new ServiceCluster(service, started, urls, urls);
    }

    public List<String> urls() {
        return urls;
    }

    /** Where the replicas' /q/metrics answer (the settlement check reads them). */
    public List<String> metricsUrls() {
        return metricsUrls;
    }

    public int size() {
        return urls.size();
    }

    public ServiceReplica replica(int index) {
        return replicas.get(index);
    }

    public List<ServiceReplica> replicas() {
        return replicas;
    }

    public List<PointClient> pointClients(Http http) {
        return urls.stream().map(url -> new PointClient(http, url)).toList();
    }

    public List<AuctionClient> auctionClients(Http http) {
        return urls.stream().map(url -> new AuctionClient(http, url)).toList();
    }

    public List<OrderClient> orderClients(Http http) {
        return urls.stream().map(url -> new OrderClient(http, url)).toList();
    }

    @Override
    public void close() {
        LIVE.remove(this);
        replicas.parallelStream().forEach(ServiceReplica::close);
    }
}
