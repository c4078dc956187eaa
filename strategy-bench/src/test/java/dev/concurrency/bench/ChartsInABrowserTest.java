package dev.concurrency.bench;

import dev.concurrency.bench.StrategyBenchmark.Result;
import dev.concurrency.bench.StrategyBenchmark.Run;
import dev.concurrency.contention.HeadlessChromium;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html in a real browser: headless Chromium (Debian's package) loads the page the benchmark
 * writes, runs its chart script, and the DOM it ends with must hold, in every chart, a bar with a
 * length for every row, an axis with its ticks and its unit, and a dot per run.
 */
class ChartsInABrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("report.chromium", "/usr/bin/chromium"));
    static final Path DIR = Path.of(System.getProperty("report.dir", "target/report-check")).toAbsolutePath();
    static final Pattern FIGURE = Pattern.compile("<figure class=\"chart\" id=\"(chart-\\d+)\"([^>]*)>(.*?)</figure>", Pattern.DOTALL);

    @Test
    void everyChartOfTheReportDrawsItsRowsWithAxesUnitsAndTheSpreadOfTheRuns() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        Files.createDirectories(DIR.resolve("lock"));
        Files.writeString(DIR.resolve("lock").resolve("lock-benchmark.json"), LOCK_RESULTS);
        List<Result> results = new ArrayList<>();
        for (String scenario : List.of("hot", "spread", "burst-300")) {
            results.add(result(scenario, "CONDITIONAL_UPDATE", List.of(), 50, 55, 61));
            results.add(result(scenario, "FENCED_LOCK", List.of(), 90, 92, 101));
            results.add(result(scenario, "NONE", List.of("member 1: balance 5, accepted changes make 10"), 120, 128, 131));
        }
        BenchReport report = new BenchReport(results, StrategyBenchmark.STRATEGIES, StrategyBenchmark.DEFAULT, 3, 24,
                Duration.ofSeconds(30), Duration.ofSeconds(10), List.of(300), 20, Duration.ofMinutes(1));
        report.write(DIR);

        HeadlessChromium chromium = new HeadlessChromium(CHROMIUM, DIR);
        String dom = chromium.run(DIR.resolve("report.html").toUri().toString(), "--dump-dom");
        assertTrue(dom.contains("data-rendered=\"ok\""), "the chart script failed: "
                + dom.replaceAll("(?s).*(data-rendered=\"[^\"]*\").*", "$1"));
        Matcher figures = FIGURE.matcher(dom);
        int charts = 0;
        while (figures.find()) {
            charts++;
            String id = figures.group(1);
            String attributes = figures.group(2);
            String svg = figures.group(3);
            String drawn = attribute(attributes, "data-drawn");
            String rows = attribute(attributes, "data-rows");
            assertTrue(Integer.parseInt(rows) > 0, id + " has no rows");
            assertEquals(rows, drawn, id + ": bars drawn with a length, of its rows");
            assertTrue(count(svg, "class=\"tick\"") >= 3, id + ": an axis with ticks");
            assertTrue(svg.matches("(?s).*class=\"unit\"[^>]*>[^<]+</text>.*"), id + ": the axis names its unit");
            assertEquals(3 * Integer.parseInt(rows), count(svg, "class=\"run\""), id + ": a dot per run");
            assertTrue(count(svg, "class=\"whisker\"") >= 3 * Integer.parseInt(rows), id + ": whiskers from the lowest to the highest run");
        }
        // 3 scenarios x (throughput, p99) + the lock benchmark's (throughput, wait p99)
        assertEquals(8, charts, "charts in the page");
        chromium.run(DIR.resolve("report.html").toUri().toString(), "--screenshot=" + DIR.resolve("report.png"), "--window-size=1400,2600");
        assertTrue(Files.size(DIR.resolve("report.png")) > 10_000, "a screenshot of the page");
    }

    private static Result result(String shape, String strategy, List<String> violations, double... throughputs) {
        List<Run> runs = new ArrayList<>();
        for (double t : throughputs) {
            runs.add(new Run(t, 1000 / t, 5000 / t));
        }
        return StrategyBenchmark.merged(runs.stream().map(run -> new Result("points", shape, strategy, (int) (run.throughput() * 10), 10,
                (long) (run.p50Ms() * 1000), (long) (run.p99Ms() * 900), (long) (run.p99Ms() * 1000), Map.of("200", 10L), violations, 1.0,
                List.of(run))).toList());
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1) : "0";
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** Two locks at 1 and 3 processes, each run three times, as lock-bench writes them. */
    static final String LOCK_RESULTS;

    static {
        StringBuilder json = new StringBuilder("{\"benchmark\":\"lock\",\"results\":[");
        String separator = "";
        for (String lock : List.of("ours-combining", "redisson-rlock")) {
            for (int processes : List.of(1, 3)) {
                for (int run = 0; run < 3; run++) {
                    double throughput = (lock.startsWith("ours") ? 700 : 70) + 10 * run;
                    json.append(separator).append("{\"implementation\":\"").append(lock).append("\",\"section\":\"db\",\"processes\":")
                            .append(processes).append(",\"throughputPerSecond\":").append(throughput)
                            .append(",\"waitMs\":{\"p99\":").append(10_000 / throughput).append("},\"mutualExclusion\":{\"violations\":0}}");
                    separator = ",";
                }
            }
        }
        LOCK_RESULTS = json.append("]}").toString();
    }
}
