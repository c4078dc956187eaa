package dev.concurrency.client.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * RS256 tokens for the test harness, the benchmark and the scripts, signed with a key this process
 * generates (written as PEM files so the services it starts can verify them and sign their own
 * service tokens) or, against a deployment it did not start, with the private key given by the
 * system property {@code contention.auth.private-key} (issuer {@code contention.auth.issuer}).
 * One token per identity, renewed when less than half its hour is left.
 */
public final class Tokens {

    public static final String DEFAULT_ISSUER = "concurrency-commerce";
    /** The PKCS#8 PEM private key to sign with; when absent, one is generated and this property set to it. */
    public static final String PRIVATE_KEY_PROPERTY = "contention.auth.private-key";
    static final Duration LIFETIME = Duration.ofHours(1);

    private static volatile Tokens shared;

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String issuer;
    private final Path privateKeyFile;
    private final Path publicKeyFile;
    private final Map<Identity, Signed> cache = new ConcurrentHashMap<>();

    private record Signed(String token, Instant renewAt) {
    }

    private Tokens(PrivateKey privateKey, PublicKey publicKey, String issuer, Path privateKeyFile, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.issuer = issuer;
        this.privateKeyFile = privateKeyFile;
        this.publicKeyFile = publicKeyFile;
    }

    /** The tokens of this process: the given key if {@code contention.auth.private-key} is set, else a generated one. */
    public static Tokens shared() {
        Tokens tokens = shared;
        if (tokens == null) {
            synchronized (Tokens.class) {
                tokens = shared;
                if (tokens == null) {
                    String given = System.getProperty(PRIVATE_KEY_PROPERTY, "");
                    String issuer = System.getProperty("contention.auth.issuer", DEFAULT_ISSUER);
                    if (given.isBlank()) {
                        tokens = generated(issuer);
                        // The JVM's other class loaders (a @QuarkusTest's) must sign with the same key.
                        System.setProperty(PRIVATE_KEY_PROPERTY, tokens.privateKeyFile.toString());
                    } else {
                        tokens = fromFile(Path.of(given), issuer);
                    }
                    shared = tokens;
                }
            }
        }
        return tokens;
    }

    /** A new RSA key pair, written to a temporary directory as PEM (PKCS#8 private, X.509 public). */
    public static Tokens generated(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createTempDirectory("jwt-keys");
            Path privateFile = dir.resolve("private.pem");
            Path publicFile = dir.resolve("public.pem");
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            privateFile.toFile().deleteOnExit();
            publicFile.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new Tokens(pair.getPrivate(), pair.getPublic(), issuer, privateFile, publicFile);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PKCS#8 PEM private key at {@code file}; its public key is derived and written beside it in a temporary file. */
    public static Tokens fromFile(Path file, String issuer) {
        try {
            String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            Path publicFile = Files.createTempFile("jwt-public", ".pem");
            Files.writeString(publicFile, pem("PUBLIC KEY", publicKey.getEncoded()));
            publicFile.toFile().deleteOnExit();
            return new Tokens(key, publicKey, issuer, file, publicFile);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a PKCS#8 PEM RSA private key: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token for the identity, from the cache while it has more than half its life left; null for {@link Identity#ANONYMOUS}. */
    public String token(Identity identity) {
        if (identity.anonymous()) {
            return null;
        }
        Signed signed = cache.get(identity);
        if (signed == null || !Instant.now().isBefore(signed.renewAt())) {
            Instant now = Instant.now();
            signed = new Signed(sign(claims(identity, now, now.plus(LIFETIME))), now.plus(LIFETIME.dividedBy(2)));
            cache.put(identity, signed);
        }
        return signed.token();
    }

    /** The {@code Authorization} header value for the identity. */
    public String bearer(Identity identity) {
        return "Bearer " + token(identity);
    }

    /** The standard claims of a token for the identity, valid from {@code issuedAt} to {@code expiresAt}, as a JSON object. */
    public String claims(Identity identity, Instant issuedAt, Instant expiresAt) {
        String groups = identity.groups().stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","));
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + identity.subject() + "\",\"groups\":[" + groups + "],\"iat\":"
                + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
    }

    /** Signs any JSON claims with RS256 (the tests also sign wrong claims on purpose). */
    public String sign(String claimsJson) {
        String signingInput = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64Url(claimsJson);
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /**
     * Whether an {@code Authorization} header carries a token of these keys, unexpired, whose
     * {@code groups} hold the role: how a test's stand-in of point-service checks its callers.
     */
    public boolean admits(String authorization, String role) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(publicKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        java.util.regex.Matcher exp = java.util.regex.Pattern.compile("\"exp\":(\\d+)").matcher(claims);
        return claims.contains("\"iss\":\"" + issuer + "\"") && claims.matches("(?s).*\"groups\":\\[[^\\]]*\"" + role + "\".*")
                && exp.find() && Long.parseLong(exp.group(1)) > Instant.now().getEpochSecond();
    }

    /** The public key as PEM text. */
    public String publicKeyPem() {
        try {
            return Files.readString(publicKeyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration a service needs to verify these tokens and sign its own service tokens with the same key. */
    public Map<String, String> serviceConfig() {
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKeyFile.toUri().toString(),
                "mp.jwt.verify.issuer", issuer,
                "smallrye.jwt.sign.key.location", privateKeyFile.toUri().toString());
    }

    public static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
