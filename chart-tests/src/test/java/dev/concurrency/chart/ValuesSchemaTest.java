package dev.concurrency.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.schema.json refuses bad values before anything is rendered: `helm template` (and so install) fails. */
class ValuesSchemaTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("pointService.replicas", -1, "replicas"),
                Arguments.of("orderService.replicas", "three", "replicas"),
                Arguments.of("auctionService.concurrencyControl", "OPTIMISTIC", "concurrencyControl"),
                Arguments.of("pointService.concurrencyControl", "fenced_lock", "concurrencyControl"),
                Arguments.of("image.tag", "latest", "tag"),
                Arguments.of("mysql.image.tag", "latest", "tag"),
                Arguments.of("redis.image.tag", "", "tag"),
                Arguments.of("image.pullPolicy", "Sometimes", "pullPolicy"),
                Arguments.of("pointService.port", 80, "port"),
                Arguments.of("gateway.service.nodePort", 8080, "nodePort"),
                Arguments.of("gateway.service.type", "Ingress", "type"),
                Arguments.of("pointService.replica", 3, "replica"),
                Arguments.of("orderService.resources.limits.gpu", 1, "gpu"),
                Arguments.of("pointService.database.storage", "lots", "storage"),
                Arguments.of("auctionService.database.name", "auction-db; DROP", "name"),
                Arguments.of("topologySpread.whenUnsatisfiable", "Sometimes", "whenUnsatisfiable"),
                Arguments.of("podDisruptionBudget.maxUnavailable", 0, "maxUnavailable"),
                // no password is a value: the chart makes them up or reads them from existingSecret
                Arguments.of("pointService.database.password", "point_svc", "password"),
                Arguments.of("orderService.database.rootPassword", "order_root", "rootPassword"),
                Arguments.of("redis.password", "secret", "password"),
                Arguments.of("redis.existingSecret", "Redis_Credentials", "existingSecret"),
                Arguments.of("auth.keySecret", "Auth Keys", "keySecret"),
                Arguments.of("auth.jwksUrl", "sso.test/certs", "jwksUrl"),
                Arguments.of("auth.oidcClient.authServerUrl", "sso.test", "authServerUrl"),
                Arguments.of("auth.oidcClient.clientIds.point-service", "points", "point-service"),
                Arguments.of("auth.issure", "https://issuer.test", "issure"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueIsRefused(String key, Object value, String mentioned) {
        Exception refused = assertThrows(Exception.class, () -> Chart.template(Map.of(key, value)));
        assertTrue(refused.getMessage().contains("schema") && refused.getMessage().contains(mentioned),
                "refused, but not by the schema naming " + mentioned + ": " + refused.getMessage());
    }

    @Test
    void extraEnvEntriesAreChecked() {
        assertThrows(Exception.class, () -> Chart.templateWithValues("pointService: {extraEnv: [{value: x}]}"), "no name");
        assertThrows(Exception.class, () -> Chart.templateWithValues("pointService: {extraEnv: [{name: X, value: 1}]}"), "not a string");
        assertThrows(Exception.class, () -> Chart.templateWithValues("pointService: {extraEnv: [{name: X, valu: x}]}"), "misspelt");
        assertDoesNotThrow(() -> Chart.templateWithValues("pointService: {extraEnv: [{name: X, value: \"1\"}]}"));
    }

    @Test
    void probeSourcesAreCidrs() {
        assertThrows(Exception.class, () -> Chart.templateWithValues("networkPolicy: {probeSources: [the-nodes]}"));
        assertThrows(Exception.class, () -> Chart.templateWithValues("networkPolicy: {probeSources: [172.18.0.1]}"));
        assertDoesNotThrow(() -> Chart.templateWithValues("networkPolicy: {probeSources: [172.18.0.0/16, \"fc00:f853:ccd:e793::/64\"]}"));
    }

    @Test
    void oidcProviderEntriesAreEgressRules() {
        assertThrows(Exception.class, () -> Chart.templateWithValues("networkPolicy: {oidcProvider: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}"), "an ingress rule");
        assertThrows(Exception.class, () -> Chart.templateWithValues("networkPolicy: {oidcProvider: [{to: [{ipBlok: {cidr: 10.0.0.0/8}}]}]}"), "misspelt");
        assertDoesNotThrow(() -> Chart.templateWithValues("networkPolicy: {oidcProvider: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 443}]}]}"));
    }

    @Test
    void resourcesNeedRequestsAndLimits() {
        assertThrows(Exception.class, () -> Chart.templateWithValues("redis: {resources: {requests: {cpu: 1m, memory: 1Mi}, limits: null}}"));
        // values merge with the defaults, so taking one away needs null
        assertThrows(Exception.class, () -> Chart.templateWithValues("gateway: {resources: {requests: {memory: null}}}"));
        assertThrows(Exception.class, () -> Chart.templateWithValues("mysql: {resources: {limits: {cpu: null}}}"));
    }

    @Test
    void goodValuesPass() {
        assertDoesNotThrow(() -> Chart.template(Map.of("pointService.replicas", 0, "orderService.replicas", 7,
                "image.tag", "1.0.0-SNAPSHOT-abc1234", "gateway.service.type", "ClusterIP")));
    }
}
