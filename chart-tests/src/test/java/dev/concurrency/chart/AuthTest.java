package dev.concurrency.chart;

import dev.concurrency.chart.Reachability.Endpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every service verifies JWTs of auth.issuer; order-service and auction-service, which call
 * point-service's /payments and /holds, sign their service tokens with the private key of
 * auth.keySecret or get them by client credentials from the provider of auth.jwksUrl.
 */
class AuthTest {

    static final String JWKS = "https://sso.test/realms/shop/protocol/openid-connect/certs";
    static final String PROVIDER_IP = "198.51.100.10";
    /** The jwksUrl mode, given over Chart.AUTH (which sets keySecret, so it is emptied). */
    static final String JWKS_MODE = """
            auth:
              keySecret: ""
              jwksUrl: %s
              oidcClient: {secretName: oidc-clients}
            networkPolicy:
              oidcProvider:
                - to: [{ipBlock: {cidr: 198.51.100.0/24}}]
                  ports: [{protocol: TCP, port: 443}]
            """.formatted(JWKS);
    static final Set<String> SIGNING = Set.of("SMALLRYE_JWT_SIGN_KEY_LOCATION", "SMALLRYE_JWT_NEW_TOKEN_ISSUER");
    static final Set<String> OIDC_CLIENT = Set.of("QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL", "QUARKUS_OIDC_CLIENT_CLIENT_ID",
            "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET");

    @Test
    void withAKeySecretEveryServiceVerifiesWithThePublicKeyAndOnlyTheCallersOfPointServiceCanSign() {
        Rendered rendered = Chart.defaults();
        for (ServicesTest.Svc svc : ServicesTest.SERVICES) {
            PodSpec pod = rendered.deployment(svc.name()).getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertEquals(Chart.ISSUER, ServicesTest.env(container, "MP_JWT_VERIFY_ISSUER"), svc.name());
            assertEquals(List.of(Chart.KEY_SECRET, "public.pem"), mountedSecretKey(pod, container, ServicesTest.env(container, "MP_JWT_VERIFY_PUBLICKEY_LOCATION")),
                    svc.name() + " verifies with the Secret's public.pem");
            Set<String> files = secretFiles(pod);
            if (svc.callsPoints()) {
                assertEquals(List.of(Chart.KEY_SECRET, "private.pem"), mountedSecretKey(pod, container, ServicesTest.env(container, "SMALLRYE_JWT_SIGN_KEY_LOCATION")),
                        svc.name() + " signs with the Secret's private.pem");
                assertEquals(Chart.ISSUER, ServicesTest.env(container, "SMALLRYE_JWT_NEW_TOKEN_ISSUER"), svc.name());
                assertEquals(Set.of("public.pem", "private.pem"), files, svc.name());
            } else {
                assertEquals(Set.of("public.pem"), files, "point-service signs nothing, so it does not get the private key");
                SIGNING.forEach(name -> assertNull(ServicesTest.envVar(container, name), name));
            }
            OIDC_CLIENT.forEach(name -> assertNull(ServicesTest.envVar(container, name), svc.name() + " " + name));
            VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals("auth-keys")).findFirst().orElseThrow();
            assertTrue(mount.getReadOnly(), svc.name() + " mounts the keys read-only");
            assertEquals(0440, volume(pod, "auth-keys").getSecret().getDefaultMode(), "the key files are for the pod's own user and group");
            assertTrue(Rendered.containers(rendered.deployment(svc.name()).getSpec().getTemplate())
                    .filter(c -> !c.getName().equals(svc.name())).allMatch(c -> c.getVolumeMounts().isEmpty()), "the init container sees no key");
        }
        for (String other : List.of("gateway", "redis")) {
            assertTrue(rendered.deployment(other).getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> v.getSecret() != null), other);
        }
    }

    @Test
    void withAJwksUrlEveryServiceVerifiesWithTheProvidersKeysAndTheCallersGetTokensByClientCredentials() {
        Rendered rendered = Chart.renderWithValues(JWKS_MODE);
        for (ServicesTest.Svc svc : ServicesTest.SERVICES) {
            PodSpec pod = rendered.deployment(svc.name()).getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertEquals(Chart.ISSUER, ServicesTest.env(container, "MP_JWT_VERIFY_ISSUER"), svc.name());
            assertEquals(JWKS, ServicesTest.env(container, "MP_JWT_VERIFY_PUBLICKEY_LOCATION"), svc.name());
            assertEquals(Set.of(), secretFiles(pod), svc.name() + " has no key file");
            SIGNING.forEach(name -> assertNull(ServicesTest.envVar(container, name), svc.name() + " " + name));
            if (svc.callsPoints()) {
                assertEquals(Chart.ISSUER, ServicesTest.env(container, "QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL"), "discovery starts at the issuer by default");
                assertEquals(svc.name(), ServicesTest.env(container, "QUARKUS_OIDC_CLIENT_CLIENT_ID"));
                assertEquals(new SecretKeySelector(svc.name(), "oidc-clients", null),
                        SecretsTest.secretRef(container, "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET"));
            } else {
                OIDC_CLIENT.forEach(name -> assertNull(ServicesTest.envVar(container, name), "point-service calls no one: " + name));
            }
        }
        // the token server and the client ids are the user's to choose
        Rendered chosen = Chart.renderWithValues(JWKS_MODE.replace("oidcClient: {secretName: oidc-clients}", """
                oidcClient:
                    secretName: oidc-clients
                    authServerUrl: https://tokens.test/realms/shop
                    clientIds: {order-service: shop-orders, auction-service: shop-auctions}"""));
        Container order = ServicesTest.container(chosen.deployment("order-service"));
        assertEquals("https://tokens.test/realms/shop", ServicesTest.env(order, "QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL"));
        assertEquals("shop-orders", ServicesTest.env(order, "QUARKUS_OIDC_CLIENT_CLIENT_ID"));
        assertEquals("shop-auctions", ServicesTest.env(ServicesTest.container(chosen.deployment("auction-service")), "QUARKUS_OIDC_CLIENT_CLIENT_ID"));
    }

    /** The default-deny egress would cut the services off from the provider: networkPolicy.oidcProvider opens exactly that. */
    @Test
    void withAJwksUrlTheServicesAndNothingElseReachTheProvider() {
        Rendered rendered = Chart.renderWithValues(JWKS_MODE);
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        Endpoint provider = Endpoint.address("provider", PROVIDER_IP);
        Endpoint elsewhere = Endpoint.address("elsewhere", "203.0.113.7");
        for (Endpoint pod : NetworkPolicyTest.releasePods(rendered)) {
            boolean service = NetworkPolicyTest.SERVICES.contains(pod.name());
            assertEquals(service, reachability.allowed(pod, provider, "TCP", 443), pod + " -> provider:443");
            assertTrue(!reachability.allowed(pod, provider, "TCP", 80) && !reachability.allowed(pod, elsewhere, "TCP", 443), pod.name());
        }
        Reachability keySecretMode = new Reachability(Chart.defaults().all(NetworkPolicy.class));
        for (Endpoint pod : NetworkPolicyTest.releasePods(Chart.defaults())) {
            assertTrue(!keySecretMode.allowed(pod, provider, "TCP", 443), pod + " reaches out with keySecret");
        }
    }

    @Test
    void withoutAuthValuesTheChartRefusesToRenderAndSaysWhatToSet() {
        assertRefused(Map.of(), "auth.issuer is required");
        assertRefused(Map.of("auth.issuer", Chart.ISSUER), "set auth.keySecret", "or auth.jwksUrl");
        assertRefused(Map.of("auth.keySecret", Chart.KEY_SECRET), "auth.issuer is required");
        assertRefused(Map.of("auth.issuer", Chart.ISSUER, "auth.keySecret", Chart.KEY_SECRET, "auth.jwksUrl", JWKS), "exclude each other");
        assertRefused(Map.of("auth.issuer", Chart.ISSUER, "auth.jwksUrl", JWKS), "auth.oidcClient.secretName is required with auth.jwksUrl");
        assertRefused(Map.of("auth.issuer", Chart.ISSUER, "auth.jwksUrl", JWKS, "auth.oidcClient.secretName", "oidc-clients"),
                "networkPolicy.oidcProvider is required with auth.jwksUrl");
        assertDoesNotThrow(() -> Chart.templateAsGiven(Map.of("auth.issuer", Chart.ISSUER, "auth.jwksUrl", JWKS,
                "auth.oidcClient.secretName", "oidc-clients", "networkPolicy.enabled", false)), "no policies, no egress rule needed");
    }

    private static void assertRefused(Map<String, Object> values, String... said) {
        Exception refused = assertThrows(Exception.class, () -> Chart.templateAsGiven(values), values.toString());
        for (String words : said) {
            assertTrue(refused.getMessage().contains(words), values + ": the message does not say \"" + words + "\": " + refused.getMessage());
        }
    }

    /** The [Secret, key] a file path of the container reads, through its volume mounts; fails when no Secret volume holds it. */
    static List<String> mountedSecretKey(PodSpec pod, Container container, String path) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            String dir = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            Volume volume = volume(pod, mount.getName());
            if (path != null && path.startsWith(dir) && volume.getSecret() != null) {
                String file = path.substring(dir.length());
                for (KeyToPath item : volume.getSecret().getItems()) {
                    if (item.getPath().equals(file)) {
                        return List.of(volume.getSecret().getSecretName(), item.getKey());
                    }
                }
            }
        }
        throw new AssertionError(container.getName() + ": no Secret file is mounted at " + path);
    }

    /** The files of every Secret volume of the pod. */
    static Set<String> secretFiles(PodSpec pod) {
        return pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                .flatMap(v -> v.getSecret().getItems().stream()).map(KeyToPath::getPath).collect(Collectors.toSet());
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
