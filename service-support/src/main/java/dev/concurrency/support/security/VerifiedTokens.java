package dev.concurrency.support.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Verifies each bearer token once and reuses the result for its next requests, in place of
 * smallrye-jwt's factory, which checks the RS256 signature and parses the claims on every request.
 *
 * <p>Why: a member or a calling service sends the same token for minutes, and the signature check
 * alone (RSA with a 2048-bit key) took about a fifth of point-service's CPU on a hot member (JFR,
 * 2 cores). Here a token is checked in full the first time; after that the same string, checked
 * against the same verification settings, gets the same principal back.
 *
 * <p>What stays true:
 * <ul>
 *   <li>Only tokens that passed verification are kept; a bad, forged or expired one is checked (and
 *       refused) every time.</li>
 *   <li>A kept token is reused no longer than its own {@code exp}, and no longer than
 *       {@link #MAX_REUSE} after it was checked, so a key withdrawn from a JWKS stops admitting its
 *       tokens within that time.</li>
 *   <li>A hit needs the identical token string and the identical verification settings object
 *       (a parse with other settings, e.g. another key, is checked in full).</li>
 *   <li>At most {@link #MAX_ENTRIES} are kept; when full, expired ones are dropped, and a new token
 *       that still finds no room is checked every time instead of being kept.</li>
 * </ul>
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    static final Duration MAX_REUSE = Duration.ofSeconds(60);
    static final int MAX_ENTRIES = 10_000;

    private record Verified(JWTCallerPrincipal principal, JWTAuthContextInfo settings, long reuseUntilMillis) {
    }

    private final JWTCallerPrincipalFactory verifier;
    private final LongSupplier clockMillis;
    private final int maxEntries;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis = new AtomicLong();

    public VerifiedTokens() {
        this(new DefaultJWTCallerPrincipalFactory(), System::currentTimeMillis, MAX_ENTRIES);
    }

    VerifiedTokens(JWTCallerPrincipalFactory verifier, LongSupplier clockMillis, int maxEntries) {
        this.verifier = verifier;
        this.clockMillis = clockMillis;
        this.maxEntries = maxEntries;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
        long now = clockMillis.getAsLong();
        Verified known = verified.get(token);
        if (known != null && known.settings() == settings && now < known.reuseUntilMillis()) {
            return known.principal();
        }
        JWTCallerPrincipal principal = verifier.parse(token, settings); // throws for anything it refuses
        remember(token, new Verified(principal, settings, reuseUntil(principal, now)));
        return principal;
    }

    /** How many verified tokens are kept now (tests). */
    int size() {
        return verified.size();
    }

    private static long reuseUntil(JWTCallerPrincipal principal, long now) {
        long limit = now + MAX_REUSE.toMillis();
        long expiresAt = principal.getExpirationTime(); // seconds; 0 when the token has none
        return expiresAt > 0 ? Math.min(limit, expiresAt * 1000) : limit;
    }

    private void remember(String token, Verified entry) {
        if (verified.size() >= maxEntries) {
            sweep(clockMillis.getAsLong());
            if (verified.size() >= maxEntries) {
                return;
            }
        }
        verified.put(token, entry);
    }

    /** Drops what can no longer be reused; at most once a second, however many requests find the map full. */
    private void sweep(long now) {
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + 1_000)) {
            return;
        }
        verified.values().removeIf(entry -> now >= entry.reuseUntilMillis());
    }
}
