package dev.concurrency.chart;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k8s/manifests.yaml is the chart rendered with k8s/manifests-values.yaml, for `kubectl apply` without
 * Helm. It must not drift from the chart: this fails on any difference, and -Dchart.rewrite=true rewrites it.
 * It names Secrets instead of holding passwords, and its header says how to make each of them.
 */
class RenderedManifestsTest {

    static final Path VALUES = Chart.MANIFESTS.resolveSibling("manifests-values.yaml");

    static final String HEADER = """
            # The Helm chart helm/concurrency-commerce rendered with k8s/manifests-values.yaml (release %1$s),
            # for applying without Helm. It holds no password and no key: make the Secrets it names first.
            #   kubectl create namespace %2$s
            #   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem   # PKCS#8
            #   openssl pkey -in private.pem -pubout -out public.pem
            #   kubectl -n %2$s create secret generic %1$s-auth-keys --from-file=public.pem --from-file=private.pem
            #   for db in point order auction; do
            #     kubectl -n %2$s create secret generic %1$s-$db-db \\
            #       --from-literal=mysql-password="$(openssl rand -hex 16)" --from-literal=mysql-root-password="$(openssl rand -hex 16)"
            #   done
            #   kubectl -n %2$s create secret generic %1$s-redis --from-literal=redis-password="$(openssl rand -hex 16)"
            #   kubectl apply -n %2$s -f k8s/manifests.yaml
            # The API then wants RS256 tokens signed with private.pem and with iss "%1$s".
            # Generated, do not edit: chart-tests fails when this differs from a fresh render. Regenerate with
            #   ./mvnw -B -pl chart-tests test -Dchart.rewrite=true
            """.formatted(Chart.RELEASE, Chart.NAMESPACE);

    @Test
    void theCommittedRenderingIsCurrent() throws IOException {
        String fresh = HEADER + Chart.templateWithValuesFiles(VALUES);
        if (Boolean.getBoolean("chart.rewrite")) {
            Files.writeString(Chart.MANIFESTS, fresh);
            System.out.println("rewrote " + Chart.MANIFESTS);
            return;
        }
        assertTrue(Files.exists(Chart.MANIFESTS), Chart.MANIFESTS + " is missing; make it with ./mvnw -B -pl chart-tests test -Dchart.rewrite=true");
        assertEquals(fresh, Files.readString(Chart.MANIFESTS),
                "k8s/manifests.yaml differs from the chart's rendering; regenerate with ./mvnw -B -pl chart-tests test -Dchart.rewrite=true");
    }

    /** Every Secret the manifests use is one the header makes, with the keys it makes, and none is in the file. */
    @Test
    void theHeaderMakesEverySecretTheManifestsUse() {
        Rendered rendered = Rendered.parse(Chart.templateWithValuesFiles(VALUES));
        assertEquals(List.of(), rendered.all(Secret.class), "a Secret with a password in a committed file");
        Set<String> used = new TreeSet<>();
        rendered.secretEnv().values().forEach(ref -> used.add(ref.getName() + " " + ref.getKey()));
        rendered.podTemplates().values().forEach(template -> template.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                .forEach(v -> v.getSecret().getItems().forEach(i -> used.add(v.getSecret().getSecretName() + " " + i.getKey()))));
        // the header's loop over the databases, unrolled
        List<String> commands = Stream.of("point", "order", "auction").map(db -> HEADER.replace("$db", db)).toList();
        for (String secretAndKey : used) {
            String[] parts = secretAndKey.split(" ");
            assertTrue(commands.stream().anyMatch(h -> h.contains("create secret generic " + parts[0] + " ")
                    && (h.contains("--from-literal=" + parts[1] + "=") || h.contains("--from-file=" + parts[1]))),
                    "the header does not make " + parts[0] + " with " + parts[1]);
        }
        assertEquals(9, used.size(), "3 x 2 database passwords, Redis' password and the two keys: " + used);
    }
}
