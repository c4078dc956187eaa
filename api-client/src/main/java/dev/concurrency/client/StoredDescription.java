package dev.concurrency.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OpenAPI description a service serves against the one stored in the repository
 * ({@code docs/openapi/<service>.yaml}, from which clients are generated): a change of the API shows
 * up as a change of that file, reviewed with the code. With {@code -Dopenapi.rewrite=true} the
 * stored file is rewritten instead.
 */
public final class StoredDescription {

    private StoredDescription() {
    }

    /** @throws AssertionError naming the first differing line, unless rewriting */
    public static void assertServedIsStored(String service, String served) {
        Path stored = Path.of("..", "docs", "openapi", service + ".yaml").toAbsolutePath().normalize();
        try {
            if (Boolean.getBoolean("openapi.rewrite")) {
                Files.writeString(stored, served);
                return;
            }
            List<String> expected = Files.exists(stored) ? Files.readAllLines(stored) : List.of();
            List<String> actual = served.lines().toList();
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String want = i < expected.size() ? expected.get(i) : "<end of file>";
                String got = i < actual.size() ? actual.get(i) : "<end of description>";
                if (!want.equals(got)) {
                    throw new AssertionError(stored + " differs from what " + service + " serves at /q/openapi, first at line "
                            + (i + 1) + ":\n  stored: " + want + "\n  served: " + got
                            + "\nIf the API changed on purpose: ./mvnw -pl " + service + " verify -Dtest=ApiDescriptionTest -Dopenapi.rewrite=true");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
