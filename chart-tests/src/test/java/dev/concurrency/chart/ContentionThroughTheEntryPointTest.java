package dev.concurrency.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The contention suite's scenarios (the contention-tests module's point, order and auction classes)
 * in external mode, against the chart's containers: every request goes through the entry point's
 * containers (nginx, as the chart configures it), which pass it to the Service names of the three
 * services' replicas; the service-only reads of payments and holds go to a point-service container
 * directly, as `make kind-test` does through a port-forward.
 *
 * <p>The scenarios that need processes of their own (kills, outages, negative controls, the fuzz
 * suite) are not among them; {@link ContainerFaultsTest} has the container runtime's faults.
 */
@EnabledIfSystemProperty(named = "chart.run", matches = "true")
@ExtendWith(RunningChart.class)
class ContentionThroughTheEntryPointTest {

    static final List<String> SCENARIOS = List.of(
            "dev.concurrency.contention.PointScenariosTest",
            "dev.concurrency.contention.OrderScenariosTest",
            "dev.concurrency.contention.AuctionScenariosTest");

    @Test
    void theContentionSuitePassesThroughTheEntryPoint() {
        DockerPods pods = RunningChart.pods();
        String entry = String.join(",", pods.entryUrls("gateway", 8080));
        Map<String, String> settings = new java.util.TreeMap<>(Map.of(
                "contention.point.urls", entry,
                "contention.order.urls", entry,
                "contention.auction.urls", entry,
                "contention.point.internal-url", pods.url(pods.pods("point-service").get(0)),
                "contention.size", System.getProperty("contention.size", "moderate"),
                "contention.output", Path.of("target", "contention-through-entry-point").toAbsolutePath().toString()));
        // the settlement check reads each service's backlog gauges from a replica (the entry point does not route /q/metrics)
        for (String service : List.of("point", "order", "auction")) {
            settings.put("contention." + service + ".metrics-url", pods.url(pods.pods(service + "-service").get(0)));
        }
        settings.forEach(System::setProperty);

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(SCENARIOS.stream().map(name -> selectClass(name)).toList())
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();

        StringWriter report = new StringWriter();
        summary.printTo(new PrintWriter(report));
        summary.printFailuresTo(new PrintWriter(report), 30);
        System.out.println("contention suite through the entry point " + settings + ":\n" + report);
        assertTrue(summary.getTestsFoundCount() >= 20, "the scenarios were not found:\n" + report);
        assertEquals(0, summary.getTotalFailureCount(), () -> "scenarios failed through the entry point:\n" + report);
        assertEquals(0, summary.getTestsAbortedCount() + summary.getTestsSkippedCount(),
                () -> "scenarios did not run through the entry point:\n" + report);
        assertEquals(summary.getTestsFoundCount(), summary.getTestsSucceededCount(), report::toString);
    }
}
