package dev.concurrency.point;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * A test profile that only overrides configuration. A test's profile extends it with a public
 * no-argument constructor passing its overrides, as Quarkus makes the profile from its class.
 */
abstract class ConfigOverrides implements QuarkusTestProfile {

    private final Map<String, String> overrides;

    ConfigOverrides(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides;
    }
}
