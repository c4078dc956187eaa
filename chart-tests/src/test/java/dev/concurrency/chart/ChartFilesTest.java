package dev.concurrency.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's own files: `helm lint --strict`, a commented values.yaml, versions that agree, no registry host named. */
class ChartFilesTest {

    static final Pattern KEY = Pattern.compile("^\\s*[A-Za-z][\\w.-]*:.*");

    @Test
    void helmLintStrictPasses() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void everyKeyOfValuesYamlHasACommentAboveIt() throws IOException {
        List<String> lines = Files.readAllLines(Chart.DIR.resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (KEY.matcher(lines.get(i)).matches() && (i == 0 || !lines.get(i - 1).trim().startsWith("#"))) {
                undocumented.add((i + 1) + ": " + lines.get(i));
            }
        }
        assertEquals(List.of(), undocumented);
    }

    @Test
    void theAppVersionIsTheProjectVersion() throws IOException {
        JsonNode chart = new YAMLMapper().readTree(Chart.DIR.resolve("Chart.yaml").toFile());
        assertEquals(System.getProperty("project.version"), chart.get("appVersion").asText(),
                "Chart.yaml appVersion follows the root pom's version (the default image tag)");
    }

    @Test
    void theSchemaCoversEveryTopLevelValue() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
        JsonNode values = new YAMLMapper().readTree(Chart.DIR.resolve("values.yaml").toFile());
        assertFalse(schema.get("additionalProperties").asBoolean(true));
        values.fieldNames().forEachRemaining(key -> assertTrue(schema.get("properties").has(key), key + " not in the schema"));
    }

    /** The contract: no file of the project names a package or container registry host (images go by their short names). */
    @Test
    void noKubernetesFileNamesARegistryHost() throws IOException {
        Pattern host = Pattern.compile("(docker\\.io|quay\\.io|ghcr\\.io|gcr\\.io|registry\\.k8s\\.io|registry-1\\.|public\\.ecr\\.aws|mcr\\.microsoft\\.com)");
        List<String> found = new ArrayList<>();
        Path root = Chart.DIR.getParent().getParent();
        Stream<Path> others = Stream.of("k8s/manifests.yaml", "k8s/manifests-values.yaml", "k8s/kind-cluster.yaml", "k8s/kind-values.yaml", "scripts/kind.sh",
                        "docs/kubernetes.md", ".dockerignore", "point-service/src/main/docker/Dockerfile.jvm",
                        "order-service/src/main/docker/Dockerfile.jvm", "auction-service/src/main/docker/Dockerfile.jvm")
                .map(root::resolve);
        try (Stream<Path> files = Stream.concat(Files.walk(Chart.DIR), others)) {
            for (Path file : files.filter(f -> !Files.isDirectory(f)).toList()) {
                if (!Files.exists(file)) {
                    found.add(file + " is missing");
                } else if (host.matcher(Files.readString(file)).find()) {
                    found.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
