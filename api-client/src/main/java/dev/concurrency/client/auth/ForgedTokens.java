package dev.concurrency.client.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens every service must refuse with 401 (docs/api.md#authentication), each named for what is wrong with it: the
 * claims of a valid token for the identity, but expired, from another issuer, signed with another
 * key, unsigned ({@code alg: none}), or HMAC-signed with the public key as the secret (the classic
 * algorithm-confusion attack); plus a token that is no JWT at all.
 */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    public static Map<String, String> of(Tokens tokens, Identity identity) {
        Instant now = Instant.now();
        String claims = tokens.claims(identity, now, now.plus(Duration.ofMinutes(10)));
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("expired", tokens.sign(tokens.claims(identity, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)))));
        forged.put("another issuer", tokens.sign(claims.replace("\"iss\":\"" + tokens.issuer() + "\"", "\"iss\":\"someone-else\"")));
        forged.put("another key", Tokens.generated(tokens.issuer()).token(identity));
        forged.put("alg none", Tokens.base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Tokens.base64Url(claims) + ".");
        forged.put("HS256 with the public key", hs256(claims, tokens.publicKeyPem()));
        forged.put("not a JWT", "not-a-jwt");
        return forged;
    }

    private static String hs256(String claims, String secret) {
        String signingInput = Tokens.base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Tokens.base64Url(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
