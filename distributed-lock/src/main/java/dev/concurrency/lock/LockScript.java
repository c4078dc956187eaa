package dev.concurrency.lock;

import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The atomic Redis operations of the lock, one Lua file each under {@code META-INF/dlock/}.
 * They run by SHA1 ({@code EVALSHA}); when Redis does not know a script (first use, or Redis
 * restarted and lost its script cache) the full text is sent once with {@code EVAL}.
 */
enum LockScript {
    ACQUIRE("acquire.lua"),
    RELEASE("release.lua"),
    RENEW("renew.lua");

    private final String source;
    private final String sha1;

    LockScript(String file) {
        this.source = load(file);
        this.sha1 = sha1(source);
    }

    Uni<Response> run(Redis redis, List<String> keys, List<String> args) {
        return redis.send(request(Command.EVALSHA, sha1, keys, args))
                .onFailure(LockScript::isNoScript)
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    /** Puts the script into Redis's script cache ({@code SCRIPT LOAD}), so that its first run needs no second round trip. */
    Uni<Response> preload(Redis redis) {
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source));
    }

    private static Request request(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String load(String file) {
        try (InputStream in = LockScript.class.getResourceAsStream("/META-INF/dlock/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing lock script " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
