package dev.concurrency.support.security;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code service} token this service sends to point-service (docs/api.md#authentication). Either signed here
 * with the private key at {@code smallrye.jwt.sign.key.location} (issuer
 * {@code smallrye.jwt.new-token.issuer}), or, when {@code quarkus.oidc-client.auth-server-url} is
 * set, obtained from that OIDC provider by client credentials. Either way one token serves every
 * call until half its life is gone; then the next caller renews it, the others keep using the old
 * one meanwhile only if it is still valid. Never minted per call.
 */
@ApplicationScoped
public class ServiceTokens {

    /** Lifetime of a self-signed token. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final String subject;
    private final String issuer;
    private final Optional<String> oidcServer;
    private final Instance<OidcClient> oidc;
    private final ReentrantLock renewing = new ReentrantLock();
    private volatile Token current;

    private record Token(String value, Instant renewAt) {
    }

    ServiceTokens(@ConfigProperty(name = "quarkus.application.name") String subject,
            @ConfigProperty(name = "smallrye.jwt.new-token.issuer") String issuer,
            @ConfigProperty(name = "quarkus.oidc-client.auth-server-url") Optional<String> oidcServer,
            Instance<OidcClient> oidc) {
        this.subject = subject;
        this.issuer = issuer;
        this.oidcServer = oidcServer.filter(url -> !url.isBlank());
        this.oidc = oidc;
    }

    /** The token to send now. */
    public String bearer() {
        Token token = current;
        if (token == null || !Instant.now().isBefore(token.renewAt())) {
            token = renew();
        }
        return token.value();
    }

    private Token renew() {
        renewing.lock();
        try {
            Token token = current;
            if (token == null || !Instant.now().isBefore(token.renewAt())) {
                token = oidcServer.isPresent() ? fromProvider() : signed();
                current = token;
            }
            return token;
        } finally {
            renewing.unlock();
        }
    }

    private Token signed() {
        Instant now = Instant.now();
        String value = Jwt.issuer(issuer).subject(subject).groups(Roles.SERVICE)
                .issuedAt(now).expiresAt(now.plus(LIFETIME)).sign();
        return new Token(value, now.plus(LIFETIME.dividedBy(2)));
    }

    private Token fromProvider() {
        Instant now = Instant.now();
        Tokens tokens = oidc.get().getTokens().await().atMost(Duration.ofSeconds(10));
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        Instant expiry = expiresAt == null ? now.plus(Duration.ofMinutes(1)) : Instant.ofEpochSecond(expiresAt);
        return new Token(tokens.getAccessToken(), now.plus(Duration.between(now, expiry).dividedBy(2)));
    }
}
