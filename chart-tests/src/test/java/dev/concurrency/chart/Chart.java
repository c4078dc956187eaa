package dev.concurrency.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chart under test, rendered offline by Helm's own code (helm-java): no helm binary, no cluster.
 * Rendered with the release name and namespace scripts/kind.sh uses, and (but for {@link #templateAsGiven})
 * with {@link #AUTH}, which the chart cannot render without.
 */
final class Chart {

    static final Path DIR = Path.of(System.getProperty("chart.dir", "../helm/concurrency-commerce")).toAbsolutePath().normalize();
    static final Path MANIFESTS = Path.of(System.getProperty("chart.manifests", "../k8s/manifests.yaml")).toAbsolutePath().normalize();
    static final String RELEASE = "concurrency-commerce";
    static final String NAMESPACE = "concurrency-commerce";
    static final String ISSUER = "https://issuer.test";
    static final String KEY_SECRET = "auth-keys";

    /** The auth values every render gets first: an issuer and a key Secret (the chart has no defaults for them). */
    static final Map<String, Object> AUTH = Map.of("auth.issuer", ISSUER, "auth.keySecret", KEY_SECRET);
    static final String AUTH_YAML = "auth: {issuer: \"" + ISSUER + "\", keySecret: " + KEY_SECRET + "}\n";

    /** What Helm's lookup asks (see StandInCluster); started before the first render. */
    static final StandInCluster CLUSTER = StandInCluster.start();

    private static Rendered defaults;

    private Chart() {
    }

    /** `helm template` with the default values and {@link #AUTH}, parsed; rendered once per test run. */
    static synchronized Rendered defaults() {
        if (defaults == null) {
            defaults = Rendered.parse(template(Map.of()));
        }
        return defaults;
    }

    /** `helm template --set key=value ...` over {@link #AUTH}, parsed. */
    static Rendered render(Map<String, Object> sets) {
        return Rendered.parse(template(sets));
    }

    /** `helm template -f <values>` over {@link #AUTH}, parsed: for values --set cannot express (lists of objects). */
    static Rendered renderWithValues(String valuesYaml) {
        return Rendered.parse(templateWithValues(valuesYaml));
    }

    /** The raw output of `helm template --set ...` over {@link #AUTH}; throws when Helm refuses (schema, fail). */
    static String template(Map<String, Object> sets) {
        Map<String, Object> all = new LinkedHashMap<>(AUTH);
        all.putAll(sets);
        return templateAsGiven(all);
    }

    /** `helm template --set ...` with exactly these values over values.yaml, not even {@link #AUTH}. */
    static String templateAsGiven(Map<String, Object> sets) {
        TemplateCommand command = command();
        sets.forEach(command::set);
        return command.call();
    }

    /** `helm template -f <AUTH> -f <values>`: the later file wins where both set a key. */
    static String templateWithValues(String valuesYaml) {
        try {
            Path auth = Files.createTempFile("chart-auth", ".yaml");
            Path values = Files.createTempFile("chart-values", ".yaml");
            try {
                Files.writeString(auth, AUTH_YAML);
                Files.writeString(values, valuesYaml);
                return templateWithValuesFiles(auth, values);
            } finally {
                Files.deleteIfExists(auth);
                Files.deleteIfExists(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** `helm template -f <file> ...` with exactly these files over values.yaml. */
    static String templateWithValuesFiles(Path... files) {
        TemplateCommand command = command();
        for (Path file : files) {
            command.withValuesFile(file);
        }
        return command.call();
    }

    private static TemplateCommand command() {
        return new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
    }
}
