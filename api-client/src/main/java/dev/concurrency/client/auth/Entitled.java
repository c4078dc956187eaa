package dev.concurrency.client.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity entitled to make a request (CONTRACT §6), read off its method, path and body: for
 * tests and tools that send requests by path (bad input, fuzzing) and must fail for the reason they
 * test, not for lack of a token. A member id it cannot read (a bad path or body) gives some member,
 * whose request is then refused for its input (400) before any ownership check.
 */
public final class Entitled {

    private static final Pattern MEMBER_PATH = Pattern.compile("^/members/(\\d{1,18})(/.*)?$");
    private static final Pattern FIELD = Pattern.compile("\"(memberId|sellerId|bidderId)\"\\s*:\\s*(\\d{1,18})\\b");

    private Entitled() {
    }

    public static Identity to(String method, String path, String body) {
        String bare = path.split("\\?", 2)[0];
        if (bare.startsWith("/payments") || bare.startsWith("/holds")) {
            return Identity.service();
        }
        if (bare.startsWith("/members")) {
            Matcher member = MEMBER_PATH.matcher(bare);
            if (member.matches()) {
                return Identity.member(Long.parseLong(member.group(1)));
            }
            return "POST".equals(method) && bare.equals("/members") ? Identity.admin() : Identity.someMember();
        }
        if ("GET".equals(method) || bare.startsWith("/products")) {
            return Identity.admin(); // reads anything; creates and restocks products
        }
        if (bare.endsWith("/close")) {
            return Identity.someMember();
        }
        Matcher field = FIELD.matcher(body == null ? "" : body);
        return field.find() ? Identity.member(Long.parseLong(field.group(2))) : Identity.someMember();
    }
}
