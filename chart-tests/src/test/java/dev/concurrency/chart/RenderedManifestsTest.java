package dev.concurrency.chart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k8s/manifests.yaml is the chart rendered with its default values, for `kubectl apply` without Helm.
 * It must not drift from the chart: this fails on any difference, and -Dchart.rewrite=true rewrites it.
 */
class RenderedManifestsTest {

    static final String HEADER = """
            # The Helm chart helm/concurrency-commerce rendered with its default values (release %s), for
            # applying without Helm:
            #   kubectl create namespace %s
            #   kubectl apply -n %s -f k8s/manifests.yaml
            # Generated, do not edit: chart-tests fails when this differs from a fresh render. Regenerate with
            #   ./mvnw -B -pl chart-tests test -Dchart.rewrite=true
            """.formatted(Chart.RELEASE, Chart.NAMESPACE, Chart.NAMESPACE);

    @Test
    void theCommittedRenderingIsCurrent() throws IOException {
        String fresh = HEADER + Chart.template(Map.of());
        if (Boolean.getBoolean("chart.rewrite")) {
            Files.writeString(Chart.MANIFESTS, fresh);
            System.out.println("rewrote " + Chart.MANIFESTS);
            return;
        }
        assertTrue(Files.exists(Chart.MANIFESTS), Chart.MANIFESTS + " is missing; make it with ./mvnw -B -pl chart-tests test -Dchart.rewrite=true");
        assertEquals(fresh, Files.readString(Chart.MANIFESTS),
                "k8s/manifests.yaml differs from the chart's rendering; regenerate with ./mvnw -B -pl chart-tests test -Dchart.rewrite=true");
    }
}
