package dev.concurrency.point;

import dev.concurrency.client.auth.QuarkusTestKeys;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs the service with the keys the tests sign their tokens with. */
@QuarkusTestResource(value = QuarkusTestKeys.class, restrictToAnnotatedClass = false)
final class TestKeys {

    private TestKeys() {
    }
}
