package dev.concurrency.support.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Real RS256 tokens through smallrye-jwt's own verifier, counted, behind {@link VerifiedTokens} with a clock of the test's. */
class VerifiedTokensTest {

    private static final String ISSUER = "concurrency-commerce";
    private static final KeyPair KEYS = keyPair();
    private static final KeyPair OTHER_KEYS = keyPair();

    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final JWTCallerPrincipalFactory counted = new JWTCallerPrincipalFactory() {
        private final JWTCallerPrincipalFactory real = new DefaultJWTCallerPrincipalFactory();

        @Override
        public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
            verifications.incrementAndGet();
            return real.parse(token, settings);
        }
    };
    private final JWTAuthContextInfo settings = new JWTAuthContextInfo(KEYS.getPublic(), ISSUER);

    @Test
    void aTokenIsVerifiedOnceAndItsPrincipalReused() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counted, now::get, 100);
        String token = sign(KEYS.getPrivate(), "7", Duration.ofHours(1));
        JWTCallerPrincipal first = tokens.parse(token, settings);
        JWTCallerPrincipal again = tokens.parse(token, settings);
        assertSame(first, again);
        assertEquals("7", again.getSubject());
        assertEquals(1, verifications.get(), "the second use must not verify again");
    }

    @Test
    void aForgedTokenIsRefusedEveryTimeAndNeverKept() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counted, now::get, 100);
        String forged = sign(OTHER_KEYS.getPrivate(), "7", Duration.ofHours(1));
        assertThrows(ParseException.class, () -> tokens.parse(forged, settings));
        assertThrows(ParseException.class, () -> tokens.parse(forged, settings));
        assertEquals(2, verifications.get());
        assertEquals(0, tokens.size());
    }

    @Test
    void reuseEndsAtTheTokensExpiry() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counted, now::get, 100);
        String token = sign(KEYS.getPrivate(), "7", Duration.ofSeconds(30));
        tokens.parse(token, settings);
        now.addAndGet(29_000);
        tokens.parse(token, settings);
        assertEquals(1, verifications.get(), "still within its life");
        now.addAndGet(2_000);
        tokens.parse(token, settings); // the real verifier decides again (it still admits it: its clock has not moved)
        assertEquals(2, verifications.get(), "past its exp the token must be verified again");
    }

    @Test
    void reuseEndsAfterAMinuteEvenForALongLivedToken() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counted, now::get, 100);
        String token = sign(KEYS.getPrivate(), "7", Duration.ofHours(1));
        tokens.parse(token, settings);
        now.addAndGet(VerifiedTokens.MAX_REUSE.toMillis() + 1);
        tokens.parse(token, settings);
        assertEquals(2, verifications.get());
    }

    @Test
    void otherVerificationSettingsVerifyAgain() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counted, now::get, 100);
        String token = sign(KEYS.getPrivate(), "7", Duration.ofHours(1));
        tokens.parse(token, settings);
        JWTAuthContextInfo otherKey = new JWTAuthContextInfo(OTHER_KEYS.getPublic(), ISSUER);
        assertThrows(ParseException.class, () -> tokens.parse(token, otherKey),
                "a token kept for one key must not pass a check against another");
    }

    @Test
    void whenFullANewTokenIsVerifiedEveryTimeInsteadOfKept() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counted, now::get, 2);
        tokens.parse(sign(KEYS.getPrivate(), "1", Duration.ofHours(1)), settings);
        tokens.parse(sign(KEYS.getPrivate(), "2", Duration.ofHours(1)), settings);
        String third = sign(KEYS.getPrivate(), "3", Duration.ofHours(1));
        assertEquals("3", tokens.parse(third, settings).getSubject());
        tokens.parse(third, settings);
        assertEquals(4, verifications.get());
        assertEquals(2, tokens.size());

        now.addAndGet(VerifiedTokens.MAX_REUSE.toMillis() + 1); // the two kept ones can no longer be reused: swept
        tokens.parse(third, settings);
        tokens.parse(third, settings);
        assertEquals(5, verifications.get(), "kept once room was made: verified once more, then reused");
        assertEquals(1, tokens.size());
    }

    private static String sign(PrivateKey key, String subject, Duration life) throws GeneralSecurityException {
        long iat = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"groups\":[\"member\"],\"iat\":" + iat
                + ",\"exp\":" + (iat + life.toSeconds()) + "}");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
