package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How the suite runs, from system properties (the pom sets them; `make contention` overrides).
 *
 * @param scale     1 in `make test`, larger in `make contention` (contention.size=full)
 * @param replicas  processes per service (contention.replicas)
 * @param pointUrls external mode: point-service base URLs of a running deployment; empty = start processes
 * @param orderUrls external mode: order-service base URLs
 * @param auctionUrls external mode: auction-service base URLs
 * @param pointInternalUrl external mode: point-service itself, for the service-only reads of payments
 *                  and holds that the entry point does not route (contention.point.internal-url)
 */
public record SuiteConfig(int scale, int replicas, List<String> pointUrls, List<String> orderUrls, List<String> auctionUrls,
        String pointInternalUrl, Path pointJar, Path orderJar, Path auctionJar, String dbHost, String redisUrl, Path output) {

    public static SuiteConfig load() {
        return new SuiteConfig(
                "full".equals(System.getProperty("contention.size", "moderate")) ? 10 : 1,
                Integer.getInteger("contention.replicas", 3),
                urls("contention.point.urls"),
                urls("contention.order.urls"),
                urls("contention.auction.urls"),
                System.getProperty("contention.point.internal-url", "").trim(),
                Path.of(System.getProperty("contention.point.jar", "../point-service/target/quarkus-app/quarkus-run.jar")),
                Path.of(System.getProperty("contention.order.jar", "../order-service/target/quarkus-app/quarkus-run.jar")),
                Path.of(System.getProperty("contention.auction.jar", "../auction-service/target/quarkus-app/quarkus-run.jar")),
                System.getProperty("contention.db.host", "127.0.0.1:3306"),
                System.getProperty("contention.redis.url", "redis://127.0.0.1:6379"),
                Path.of(System.getProperty("contention.output", "target/contention")));
    }

    private static List<String> urls(String property) {
        String urls = System.getProperty(property, "").trim();
        return urls.isEmpty() ? List.of() : Arrays.stream(urls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Against a deployment we did not start: no processes, no faults, no reconfiguration. */
    public boolean external() {
        return !pointUrls.isEmpty();
    }

    /** The same suite with another number of processes per service. */
    public SuiteConfig withReplicas(int processes) {
        return new SuiteConfig(scale, processes, pointUrls, orderUrls, auctionUrls, pointInternalUrl, pointJar, orderJar, auctionJar,
                dbHost, redisUrl, output);
    }

    /** Where to read payments and holds (as a service): point-service itself, not the entry point. */
    public PointClient servicePoints(PointClient points) {
        return pointInternalUrl.isEmpty() ? points : new PointClient(new Http(), pointInternalUrl);
    }

    public int scaled(int moderate) {
        return moderate * scale;
    }
}
