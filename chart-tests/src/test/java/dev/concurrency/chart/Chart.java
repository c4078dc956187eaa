package dev.concurrency.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The chart under test, rendered offline by Helm's own code (helm-java): no helm binary, no cluster.
 * Rendered with the release name and namespace scripts/kind.sh uses.
 */
final class Chart {

    static final Path DIR = Path.of(System.getProperty("chart.dir", "../helm/concurrency-commerce")).toAbsolutePath().normalize();
    static final Path MANIFESTS = Path.of(System.getProperty("chart.manifests", "../k8s/manifests.yaml")).toAbsolutePath().normalize();
    static final String RELEASE = "concurrency-commerce";
    static final String NAMESPACE = "concurrency-commerce";

    private static Rendered defaults;

    private Chart() {
    }

    /** `helm template` with the default values, parsed; rendered once per test run. */
    static synchronized Rendered defaults() {
        if (defaults == null) {
            defaults = Rendered.parse(template(Map.of()));
        }
        return defaults;
    }

    /** `helm template --set key=value ...`, parsed. */
    static Rendered render(Map<String, Object> sets) {
        return Rendered.parse(template(sets));
    }

    /** `helm template -f <values>`, parsed: for values --set cannot express (lists of objects). */
    static Rendered renderWithValues(String valuesYaml) {
        return Rendered.parse(templateWithValues(valuesYaml));
    }

    /** The raw output of `helm template --set ...`; throws when Helm refuses (schema, fail). */
    static String template(Map<String, Object> sets) {
        TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        sets.forEach(command::set);
        return command.call();
    }

    static String templateWithValues(String valuesYaml) {
        try {
            Path values = Files.createTempFile("chart-values", ".yaml");
            try {
                Files.writeString(values, valuesYaml);
                return new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(values).call();
            } finally {
                Files.deleteIfExists(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
