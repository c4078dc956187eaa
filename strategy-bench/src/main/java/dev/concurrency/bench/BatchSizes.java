package dev.concurrency.bench;

import dev.concurrency.client.Http;
import dev.concurrency.client.Reply;

import java.util.List;

/** The services' own {@code combining_batch_size} summary (count and sum over all replicas), read from /q/metrics. */
final class BatchSizes {

    private BatchSizes() {
    }

    /** {count, sum} of batches of this family (member, product, auction) over the replicas, as of now. */
    static double[] read(Http http, List<String> baseUrls, String family) {
        double[] totals = new double[2];
        for (String url : baseUrls) {
            Reply metrics = http.get(url + "/q/metrics");
            if (metrics.status() != 200 || metrics.body() == null) {
                continue;
            }
            for (String line : metrics.body().asText().split("\n")) {
                if (!line.contains("family=\"" + family + "\"")) {
                    continue;
                }
                if (line.startsWith("combining_batch_size_count{")) {
                    totals[0] += value(line);
                } else if (line.startsWith("combining_batch_size_sum{")) {
                    totals[1] += value(line);
                }
            }
        }
        return totals;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
