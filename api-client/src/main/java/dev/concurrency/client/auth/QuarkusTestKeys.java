package dev.concurrency.client.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a service under {@code @QuarkusTest} the keys of {@link Tokens#shared()}: it verifies the
 * tokens the test signs and signs its own service tokens with the same key.
 */
public class QuarkusTestKeys implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Tokens.shared().serviceConfig();
    }

    @Override
    public void stop() {
    }
}
