package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.Reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settlement check, run after every scenario: within 60 s nothing may be left half done, read
 * from the backlog gauges of the services running now (each replica reports the shared count):
 * <ul>
 *   <li>no order still PAYING (answered 202) or REFUNDING, {@code orders_saga_backlog};</li>
 *   <li>no hold task left and no bid left HOLDING, {@code auctions_hold_tasks_backlog}, {@code auctions_bids_holding};</li>
 *   <li>no hold HELD without a reason: as many HELD holds as open auctions with a top bid
 *       ({@code points_holds_held} = {@code auctions_open_with_top_bid}), when both services run.</li>
 * </ul>
 */
public final class Settlement {

    public static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Http HTTP = new Http(Duration.ofSeconds(5));

    private Settlement() {
    }

    /** Waits until everything is settled, or records what was not after {@link #WITHIN}. */
    public static void check(ScenarioReport report) {
        List<ServiceCluster> live = ServiceCluster.live();
        if (live.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            List<String> unsettled = unsettled(live);
            if (unsettled.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                report.violation("not settled within " + WITHIN.toSeconds() + " s: " + String.join("; ", unsettled));
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                report.violation("interrupted while waiting for settlement");
                return;
            }
        }
    }

    static List<String> unsettled(List<ServiceCluster> live) {
        Map<String, Map<String, Double>> byService = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ServiceCluster cluster : live) {
            Map<String, Double> metrics = scrape(cluster);
            if (metrics == null) {
                problems.add("no replica of " + cluster.service() + " answers /q/metrics");
            } else {
                byService.merge(cluster.service(), metrics, (a, b) -> a);
            }
        }
        Map<String, Double> order = byService.get("order-service");
        if (order != null) {
            expectZero(problems, order, "orders_saga_backlog{state=\"PAYING\"}", "orders still PAYING");
            expectZero(problems, order, "orders_saga_backlog{state=\"REFUNDING\"}", "orders still REFUNDING");
        }
        Map<String, Double> auction = byService.get("auction-service");
        if (auction != null) {
            expectZero(problems, auction, "auctions_hold_tasks_backlog", "hold tasks not done");
            expectZero(problems, auction, "auctions_bids_holding", "bids left HOLDING");
        }
        Map<String, Double> point = byService.get("point-service");
        if (point != null && auction != null) {
            double held = value(point, "points_holds_held");
            double reasons = value(auction, "auctions_open_with_top_bid");
            if (held < 0 || reasons < 0 || held != reasons) {
                problems.add(held + " holds HELD for " + reasons + " open auctions with a top bid");
            }
        }
        return problems;
    }

    private static void expectZero(List<String> problems, Map<String, Double> metrics, String series, String what) {
        double value = value(metrics, series);
        if (value != 0) {
            problems.add(what + ": " + (value < 0 ? "not counted yet" : (long) value));
        }
    }

    private static double value(Map<String, Double> metrics, String series) {
        return metrics.getOrDefault(series, -1.0);
    }

    /** The metrics of the first replica that answers, as series (name plus labels) to value; null if none answers. */
    private static Map<String, Double> scrape(ServiceCluster cluster) {
        for (String url : cluster.metricsUrls()) {
            Reply reply = HTTP.get(url + "/q/metrics");
            if (reply.status() == 200 && reply.body() != null) {
                return parse(reply.body().asText()); // not JSON: Http keeps it as one text node
            }
        }
        return null;
    }

    /** A Prometheus text exposition as series (name plus labels, as written) to value. */
    public static Map<String, Double> parse(String exposition) {
        Map<String, Double> series = new HashMap<>();
        for (String line : exposition.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.isEmpty() || line.startsWith("#") || space < 0) {
                continue;
            }
            try {
                series.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return series;
    }
}
