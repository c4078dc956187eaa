package dev.concurrency.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.AuctionClient;
import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import dev.concurrency.contention.LoadDriver;
import dev.concurrency.contention.ServiceCluster;
import dev.concurrency.contention.ServiceReplica;
import dev.concurrency.contention.SuiteConfig;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code make bench}: every concurrency-control strategy side by side, in one run, against 3 real
 * replicas of each service on loopback. For each strategy and each contended operation (points,
 * stock, bids), on fresh processes:
 * <ol>
 *   <li>a warm-up (closed loop on keys of its own, long enough for the JIT), reported apart;</li>
 *   <li>steady state: a closed loop of {@code bench.clients} clients for {@code bench.duration} on one
 *       hot key, then spread over {@code bench.keys} keys;</li>
 *   <li>bursts: N requests on one hot key released together by one latch ({@code bench.bursts}), after
 *       {@code bench.warm-up-bursts} (2) unmeasured ones of the first size, reported apart.</li>
 * </ol>
 * Latencies go into HdrHistograms; the mean batch size is read from the services' own
 * {@code combining_batch_size} metric. Writes {@code report.md}, {@code report.html} and
 * {@code results.json} to {@code bench.output}.
 */
public final class StrategyBenchmark {

    static final List<String> STRATEGIES =
            List.of("NONE", "PESSIMISTIC_LOCK", "OPTIMISTIC_RETRY", "CONDITIONAL_UPDATE", "REDIS_LOCK", "FENCED_LOCK");
    static final String DEFAULT = "FENCED_LOCK";

    /** What one run of a scenario measured: the figures whose spread the report charts. */
    record Run(double throughput, double p50Ms, double p99Ms) {
    }

    /**
     * The figures of one scenario under one strategy, over its repeated runs: requests and seconds
     * summed (so {@link #throughput()} is over all of them), latency percentiles the median run's,
     * answers summed, and each run's own figures in {@code runs}.
     */
    record Result(String operation, String shape, String strategy, int requests, double seconds, long p50Micros, long p95Micros,
            long p99Micros, Map<String, Long> outcomes, List<String> violations, double meanBatch, List<Run> runs) {

        double throughput() {
            return requests / seconds;
        }

        String scenario() {
            return operation + "-" + shape;
        }
    }

    /** One scenario's load: what request i is, and what must hold afterwards. */
    private interface Scenario {
        Reply send(int index, int replica);

        List<String> verify(LoadDriver.Run run);
    }

    private final SuiteConfig config = SuiteConfig.load();
    private final int clients = Integer.getInteger("bench.clients", 24);
    private final Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 30));
    private final Duration duration = Duration.ofSeconds(Long.getLong("bench.duration-seconds", 10));
    private final List<Integer> bursts = Arrays.stream(System.getProperty("bench.bursts", "300,1000,5000").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    /** The bid bursts apart: the seed's case is 5,000 bidders, more than an order burst needs to show its point. */
    private final List<Integer> bidBursts = Arrays.stream(System.getProperty("bench.bid-bursts",
                    bursts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))).split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private final int spreadKeys = Integer.getInteger("bench.keys", 20);
    /**
     * Bursts run (and checked) before the measured ones, at the first burst size, reported apart: a
     * burst's path (a crowd refused in memory, batches of 75) is not what the closed-loop warm-up runs,
     * and the first bursts on fresh JVMs ran at a third to a half of the later ones (docs/bench).
     */
    private final int warmUpBursts = Integer.getInteger("bench.warm-up-bursts", 2);
    /** How many times each measured scenario runs (make bench: 3), for the spread the report shows. */
    private final int repeats = Math.max(1, Integer.getInteger("bench.repeats", 1));
    private final List<String> strategies = Arrays.stream(System.getProperty("bench.strategies", String.join(",", STRATEGIES))
            .split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    private final Path output = Path.of(System.getProperty("bench.output", "target/bench"));
    private final Http http = new Http(Duration.ofSeconds(120));

    public static void main(String[] args) throws Exception {
        int status = new StrategyBenchmark().run();
        System.exit(status);
    }

    int run() throws Exception {
        Files.createDirectories(output);
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        // The order and auction scenarios pay and hold at point-service with its default strategy, so
        // that what they measure is their own operation's strategy.
        try (ServiceCluster defaultPoints = ServiceCluster.points(config, "bench-points-for-orders-and-bids",
                Map.of("points.concurrency-control", DEFAULT))) {
            for (String strategy : strategies) {
                log("strategy " + strategy);
                // Fresh processes for every strategy, the default's too: equally warm, equally cold.
                try (ServiceCluster points = ServiceCluster.points(config, "bench-points-" + strategy,
                        Map.of("points.concurrency-control", strategy))) {
                    results.add(steady(points, "member", "points", strategy, "warm-up", warmUp, pointsScenario(points, strategy, spreadKeys)));
                    results.add(repeated(() -> steady(points, "member", "points", strategy, "hot", duration, pointsScenario(points, strategy, 1))));
                    results.add(repeated(() -> steady(points, "member", "points", strategy, "spread", duration,
                            pointsScenario(points, strategy, spreadKeys))));
                    for (Burst b : plan(bursts)) {
                        results.add(repeated(b, () -> burst(points, "member", "points", strategy, b, pointsScenario(points, strategy, 1))));
                    }
                }
                try (ServiceCluster orders = ServiceCluster.orders(config, "bench-orders-" + strategy, defaultPoints,
                        Map.of("orders.concurrency-control", strategy))) {
                    long[] buyers = members(defaultPoints, "buyer-" + strategy);
                    results.add(steady(orders, "product", "stock", strategy, "warm-up", warmUp, stockScenario(orders, buyers, strategy, spreadKeys, 1_000_000)));
                    results.add(repeated(() -> steady(orders, "product", "stock", strategy, "hot", duration,
                            stockScenario(orders, buyers, strategy, 1, 1_000_000))));
                    results.add(repeated(() -> steady(orders, "product", "stock", strategy, "spread", duration,
                            stockScenario(orders, buyers, strategy, spreadKeys, 1_000_000))));
                    for (Burst b : plan(bursts)) {
                        // A quarter of the burst finds stock: the rest must be refused, none oversold.
                        results.add(repeated(b, () -> burst(orders, "product", "stock", strategy, b,
                                stockScenario(orders, buyers, strategy, 1, b.size() / 4))));
                    }
                }
                try (ServiceCluster auctions = ServiceCluster.auctions(config, "bench-auctions-" + strategy, defaultPoints,
                        Map.of("auctions.concurrency-control", strategy))) {
                    long seller = members(defaultPoints, "seller-" + strategy)[0];
                    long[] bidders = members(defaultPoints, "bidder-" + strategy);
                    results.add(steady(auctions, "auction", "bids", strategy, "warm-up", warmUp, risingBids(auctions, seller, bidders, strategy, spreadKeys)));
                    results.add(repeated(() -> steady(auctions, "auction", "bids", strategy, "hot", duration,
                            risingBids(auctions, seller, bidders, strategy, 1))));
                    results.add(repeated(() -> steady(auctions, "auction", "bids", strategy, "spread", duration,
                            risingBids(auctions, seller, bidders, strategy, spreadKeys))));
                    for (Burst b : plan(bidBursts)) {
                        results.add(repeated(b, () -> burst(auctions, "auction", "bids", strategy, b,
                                sameExpectedPrice(auctions, seller, burstBidders(defaultPoints, b.size(), strategy), strategy))));
                    }
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        BenchReport report = new BenchReport(results, STRATEGIES, DEFAULT, config.replicas(), clients, warmUp, duration, bursts,
                spreadKeys, took);
        report.write(output);
        List<String> problems = report.verdict();
        problems.forEach(p -> log("VERDICT: " + p));
        log("report: " + output.resolve("report.md").toAbsolutePath());
        return problems.isEmpty() ? 0 : 1;
    }

    /** A measured scenario, run {@link #repeats} times (each run sets up afresh), as one result with each run's figures. */
    private Result repeated(Measurement measurement) throws Exception {
        List<Result> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            runs.add(measurement.run());
        }
        return merged(runs);
    }

    /** A warm-up burst runs once; a measured one {@link #repeats} times. */
    private Result repeated(Burst burst, Measurement measurement) throws Exception {
        return burst.measured() ? repeated(measurement) : measurement.run();
    }

    @FunctionalInterface
    private interface Measurement {
        Result run() throws Exception;
    }

    static Result merged(List<Result> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        Result first = runs.get(0);
        List<Result> byP99 = runs.stream().sorted(java.util.Comparator.comparingLong(Result::p99Micros)).toList();
        Result median = byP99.get(byP99.size() / 2);
        Map<String, Long> outcomes = new TreeMap<>();
        runs.forEach(r -> r.outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum)));
        List<String> violations = runs.stream().flatMap(r -> r.violations().stream()).toList();
        double meanBatch = runs.stream().mapToDouble(Result::meanBatch).filter(b -> !Double.isNaN(b)).average().orElse(Double.NaN);
        return new Result(first.operation(), first.shape(), first.strategy(), runs.stream().mapToInt(Result::requests).sum(),
                runs.stream().mapToDouble(Result::seconds).sum(), median.p50Micros(), median.p95Micros(), median.p99Micros(),
                outcomes, violations, meanBatch, runs.stream().flatMap(r -> r.runs().stream()).toList());
    }

    private Result steady(ServiceCluster cluster, String family, String operation, String strategy, String shape, Duration length,
            Scenario scenario) throws Exception {
        return measure(cluster, family, operation, strategy, shape, scenario,
                LoadDriver.over(indexes(cluster)).clients(clients).forDuration(length, Duration.ZERO));
    }

    /** One burst to run: its size, the name it is reported under, and whether it is measured (or a warm-up). */
    private record Burst(int size, String shape, boolean measured) {
    }

    /** The bursts of one family: {@link #warmUpBursts} unmeasured ones of the first size (reported apart), then the measured ones. */
    private List<Burst> plan(List<Integer> sizes) {
        List<Burst> plan = new ArrayList<>();
        for (int w = 0; w < warmUpBursts && !sizes.isEmpty(); w++) {
            plan.add(new Burst(sizes.get(0), "warm-up-burst-" + sizes.get(0), false));
        }
        sizes.forEach(n -> plan.add(new Burst(n, "burst-" + n, true)));
        return plan;
    }

    private Result burst(ServiceCluster cluster, String family, String operation, String strategy, Burst burst, Scenario scenario)
            throws Exception {
        return measure(cluster, family, operation, strategy, burst.shape(), scenario,
                LoadDriver.over(indexes(cluster)).clients(burst.size()).requests(burst.size()));
    }

    private Result measure(ServiceCluster cluster, String family, String operation, String strategy, String shape, Scenario scenario,
            LoadDriver<Integer> load) throws Exception {
        double[] batchesBefore = BatchSizes.read(http, urls(cluster), family);
        LoadDriver.Run run = load.run((i, replica) -> scenario.send(i, replica));
        double[] batchesAfter = BatchSizes.read(http, urls(cluster), family);
        double count = batchesAfter[0] - batchesBefore[0];
        double meanBatch = count > 0 ? (batchesAfter[1] - batchesBefore[1]) / count : Double.NaN;
        return result(operation, shape, strategy, run, scenario.verify(run), meanBatch);
    }

    // ---- points: charges and uses of one member (hot) or of many (spread) ----------------------------

    private Scenario pointsScenario(ServiceCluster cluster, String strategy, int keys) {
        List<PointClient> replicas = cluster.pointClients(http);
        PointClient api = replicas.get(0);
        long initial = 1_000_000;
        long[] members = new long[keys];
        for (int k = 0; k < keys; k++) {
            members[k] = api.newMember("bench-" + strategy + "-" + k);
            require(api.charge(members[k], initial), 200);
        }
        return new Scenario() {
            @Override
            public Reply send(int i, int replica) {
                PointClient c = replicas.get(replica);
                return i % 2 == 0 ? c.charge(members[i % keys], 10) : c.use(members[i % keys], 15);
            }

            @Override
            public List<String> verify(LoadDriver.Run run) {
                long[] expected = new long[keys];
                Arrays.fill(expected, initial);
                for (LoadDriver.Call call : run.calls()) {
                    if (call.reply().status() == 200) {
                        expected[call.index() % keys] += call.index() % 2 == 0 ? 10 : -15;
                    }
                }
                List<String> violations = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    long balance = api.points(members[k]).number("balance");
                    if (balance != expected[k]) {
                        violations.add("member " + members[k] + ": balance " + balance + ", accepted changes make " + expected[k]);
                    }
                    try {
                        api.assertLedgerMatches(members[k]);
                    } catch (AssertionError e) {
                        violations.add(e.getMessage());
                    }
                }
                return violations;
            }
        };
    }

    // ---- stock: one-unit orders of one product (hot) or of many (spread) ----------------------------

    private Scenario stockScenario(ServiceCluster cluster, long[] buyers, String strategy, int keys, long stock) {
        List<OrderClient> replicas = cluster.orderClients(http);
        OrderClient api = replicas.get(0);
        long[] products = new long[keys];
        for (int k = 0; k < keys; k++) {
            products[k] = api.newProduct("bench-" + strategy + "-" + k, 1, stock);
        }
        return new Scenario() {
            @Override
            public Reply send(int i, int replica) {
                return replicas.get(replica).place(buyers[i % buyers.length], List.of(new Line(products[i % keys], 1)));
            }

            @Override
            public List<String> verify(LoadDriver.Run run) {
                long[] sold = new long[keys];
                List<String> violations = new ArrayList<>();
                for (LoadDriver.Call call : run.calls()) {
                    Reply r = call.reply();
                    if (r.status() == 202) {
                        // Payment outcome unknown within the request: the recovery worker settles it; count it once it has.
                        r = settled(api, r.body().get("id").asLong());
                    }
                    if ((r.status() == 201 || r.status() == 200) && "COMPLETED".equals(r.body().get("status").asText())) {
                        sold[call.index() % keys]++;
                    } else if (r.status() == 200 && "PENDING".equals(r.body().get("status").asText())) {
                        violations.add("order never settled: " + r.body());
                    }
                }
                for (int k = 0; k < keys; k++) {
                    long left = api.stock(products[k]);
                    if (sold[k] > stock) {
                        violations.add("product " + products[k] + ": " + sold[k] + " units sold of " + stock + " (oversold " + (sold[k] - stock) + ")");
                    }
                    if (left != stock - sold[k]) {
                        violations.add("product " + products[k] + ": " + left + " left, but " + stock + " - " + sold[k] + " sold = " + (stock - sold[k]));
                    }
                }
                return violations;
            }
        };
    }

    // ---- bids: rising bids on one auction (hot) or many (spread); a crowd against one price (burst) ----

    private Scenario risingBids(ServiceCluster cluster, long seller, long[] bidders, String strategy, int keys) {
        List<AuctionClient> replicas = cluster.auctionClients(http);
        long[] lots = lots(replicas.get(0), seller, strategy, keys);
        // Request i bids on lot i % keys, one more than the request before it on that lot: concurrent
        // bids compete for the same price, and most of a hot lot's bids arrive too low.
        return bidScenario(replicas, lots, (i, replica) -> replica.bid(lots[i % keys], bidders[i % bidders.length], 101 + i / keys, null));
    }

    private Scenario sameExpectedPrice(ServiceCluster cluster, long seller, long[] crowd, String strategy) {
        List<AuctionClient> replicas = cluster.auctionClients(http);
        long[] lots = lots(replicas.get(0), seller, strategy, 1);
        // The seed's case: everyone bids against the start price; exactly one can win.
        Scenario bids = bidScenario(replicas, lots, (i, replica) -> replica.bid(lots[0], crowd[i], 101, 100L));
        return new Scenario() {
            @Override
            public Reply send(int index, int replica) {
                return bids.send(index, replica);
            }

            @Override
            public List<String> verify(LoadDriver.Run run) {
                List<String> violations = new ArrayList<>(bids.verify(run));
                long won = run.calls().stream().filter(c -> c.reply().status() == 201).count();
                if (won != 1) {
                    violations.add(won + " bids accepted against one expected price");
                }
                return violations;
            }
        };
    }

    private long[] lots(AuctionClient api, long seller, String strategy, int keys) {
        long[] lots = new long[keys];
        for (int k = 0; k < keys; k++) {
            lots[k] = api.newAuction(seller, "bench-" + strategy + "-" + k, 100, 1, Instant.now().plus(Duration.ofHours(1)));
        }
        return lots;
    }

    private Scenario bidScenario(List<AuctionClient> replicas, long[] lots, LoadDriver.Request<AuctionClient> bid) {
        AuctionClient api = replicas.get(0);
        return new Scenario() {
            @Override
            public Reply send(int i, int replica) {
                return bid.send(i, replicas.get(replica));
            }

            @Override
            public List<String> verify(LoadDriver.Run run) {
                long[] won = new long[lots.length];
                for (LoadDriver.Call call : run.calls()) {
                    if (call.reply().status() == 201) {
                        won[Arrays.binarySearch(lots, call.reply().number("auctionId"))]++;
                    }
                }
                List<String> violations = new ArrayList<>();
                for (int k = 0; k < lots.length; k++) {
                    List<JsonNode> accepted = new ArrayList<>(api.bids(lots[k]));
                    accepted.sort(Comparator.comparingLong(b -> b.get("previousPrice").asLong()));
                    long price = 100;
                    for (JsonNode bid : accepted) {
                        if (bid.get("previousPrice").asLong() != price || bid.get("amount").asLong() <= price) {
                            violations.add("auction " + lots[k] + ": bid " + bid.get("id") + " of " + bid.get("amount")
                                    + " outbid " + bid.get("previousPrice") + " while the price was " + price);
                        }
                        price = Math.max(price, bid.get("amount").asLong());
                    }
                    JsonNode auction = api.auction(lots[k]).body();
                    if (auction.get("currentPrice").asLong() != price) {
                        violations.add("auction " + lots[k] + ": price " + auction.get("currentPrice") + ", highest accepted bid " + price);
                    }
                    if (auction.get("bidCount").asLong() != won[k] || accepted.size() != won[k]) {
                        violations.add("auction " + lots[k] + ": " + won[k] + " bids accepted, " + accepted.size() + " recorded, bidCount "
                                + auction.get("bidCount"));
                    }
                }
                return violations;
            }
        };
    }

    /** The order once it is no longer PENDING, or as it is after two minutes. */
    private static Reply settled(OrderClient api, long orderId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Reply order = api.order(orderId);
        while (order.status() == 200 && "PENDING".equals(order.body().get("status").asText()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200); // polling a state another process settles, not a correctness wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            order = api.order(orderId);
        }
        return order;
    }

    private long[] members(ServiceCluster points, String name) {
        PointClient api = points.pointClients(http).get(0);
        long[] ids = new long[clients];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = api.newMember(name + "-" + i);
            require(api.charge(ids[i], 10_000_000), 200);
        }
        return ids;
    }

    /** One bidder per request of a burst (a bidder who already leads could not bid again). */
    private long[] burstBidders(ServiceCluster points, int n, String strategy) throws Exception {
        PointClient api = points.pointClients(http).get(0);
        long[] ids = new long[n];
        LoadDriver.over(List.of(api)).clients(16).requests(n).run((i, c) -> {
            ids[i] = c.newMember("crowd-" + strategy + "-" + i);
            return require(c.charge(ids[i], 1_000), 200);
        });
        return ids;
    }

    private static List<Integer> indexes(ServiceCluster cluster) {
        return java.util.stream.IntStream.range(0, cluster.replicas().size()).boxed().toList();
    }

    private static List<String> urls(ServiceCluster cluster) {
        return cluster.replicas().stream().map(ServiceReplica::baseUrl).toList();
    }

    private Result result(String operation, String shape, String strategy, LoadDriver.Run run, List<String> violations,
            double meanBatch) {
        Histogram latencies = new Histogram(3_600_000_000L, 3);
        run.calls().forEach(c -> latencies.recordValue(Math.max(1, c.reply().latencyNanos() / 1_000)));
        Map<String, Long> outcomes = new TreeMap<>();
        run.calls().forEach(c -> outcomes.merge(label(c.reply()), 1L, Long::sum));
        int requests = run.calls().size();
        double seconds = run.nanos() / 1e9;
        long p50 = latencies.getValueAtPercentile(50);
        long p99 = latencies.getValueAtPercentile(99);
        Result result = new Result(operation, shape, strategy, requests, seconds, p50, latencies.getValueAtPercentile(95), p99,
                outcomes, violations, meanBatch, List.of(new Run(requests / seconds, p50 / 1e3, p99 / 1e3)));
        log(String.format("%-6s %-11s %-18s %7.1f req/s  p50 %7.1f ms  p99 %8.1f ms  batch %5.1f  %s  violations %d", operation, shape,
                strategy, result.throughput(), result.p50Micros() / 1e3, result.p99Micros() / 1e3, meanBatch, outcomes, violations.size()));
        return result;
    }

    /** "201", "409 BID_TOO_LOW", "NO_ANSWER". */
    private static String label(Reply reply) {
        String outcome = reply.outcome();
        return outcome.equals(Integer.toString(reply.status())) || !reply.answered() ? outcome : reply.status() + " " + outcome;
    }

    private static Reply require(Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("set-up failed: " + reply);
        }
        return reply;
    }

    private static void log(String line) {
        System.out.println("[bench] " + line);
    }
}
