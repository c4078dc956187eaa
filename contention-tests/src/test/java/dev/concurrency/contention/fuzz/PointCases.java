package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.contention.fuzz.Conformance.Checked;
import dev.concurrency.contention.fuzz.Keys.Key;

import java.util.List;

import static dev.concurrency.contention.fuzz.Value.INVALID_AMOUNT;
import static dev.concurrency.contention.fuzz.Value.INVALID_REQUEST;
import static dev.concurrency.contention.fuzz.World.BALANCE_LIMIT;
import static dev.concurrency.contention.fuzz.World.MAX_AMOUNT;

/** Generated cases against point-service (docs/api.md#point-service), each checked against the contract and the data. */
final class PointCases {

    private final World world;

    PointCases(World world) {
        this.world = world;
    }

    static Gen<Long> amounts() {
        return Gen.frequency(5, Gen.between(1, 1_000), 3, Gen.between(1, MAX_AMOUNT), 1, Gen.pick(1L, MAX_AMOUNT, MAX_AMOUNT - 1));
    }

    static Gen<Value> amountField() {
        return Json.number(amounts(), 1, MAX_AMOUNT, INVALID_AMOUNT, true);
    }

    // ------------------------------------------------------------------ POST /members

    void createMember(Draws d) {
        Json.Body body = Json.object(new Json.Field("name", Json.string(50, true, Json.text(1, 30)), true, INVALID_REQUEST)).draw(d);
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/members", null).withBody(body.bytes()).withKey(key.value());
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().body(body).key(key).then(() -> Expect.success(201)));
        Checked checked = Conformance.send(world.point, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (checked.answer().status() == 201) {
            Exchange e = checked.exchange();
            Shapes.member(e);
            long id = e.answer().json().get("id").asLong();
            world.members.add(id);
            String name = e.answer().json().get("name").asText();
            String sent = body.field("name").asText();
            Shapes.expect(sent == null || name.equals(sent) || name.equals(sent.strip()), e, "the name answered is not the name sent");
            String location = e.answer().header("Location");
            Shapes.expect(location != null && location.endsWith("/members/" + id), e, "no Location header naming the new member");
            Shapes.readsBackAsCreated(world.point, "/members/" + id, e);
        }
    }

    // ------------------------------------------------------------------ GET /members/{id}, /points, /history

    void readMember(Draws d) {
        PathId id = PathId.of(world.mineOrAbsent(List.copyOf(world.members))).draw(d);
        int which = d.below(3);
        String path = "/members/" + id.encoded() + List.of("", "/points", "/points/history").get(which);
        Query query = which == 2 ? Query.draw(d) : Query.NONE;
        Request request = Request.get(path + query.text());
        boolean mine = id.number() != null && world.members.contains(id.number());
        Expect expect = Oracle.start().path(id, "MEMBER_NOT_FOUND").part(query.validity(), List.of(INVALID_REQUEST))
                .then(() -> mine ? Expect.success(200) : Expect.error(404, "MEMBER_NOT_FOUND"));
        Checked checked = Conformance.send(world.point, request, expect);
        if (checked.answer().status() != 200 || checked.tolerated()) {
            return;
        }
        Exchange e = checked.exchange();
        JsonNode body = e.answer().json();
        switch (which) {
            case 0 -> {
                Shapes.member(e);
                Shapes.expect(body.get("id").asLong() == id.number(), e, "another member's record answered");
            }
            case 1 -> {
                Shapes.points(e);
                Shapes.expect(body.get("memberId").asLong() == id.number(), e, "another member's points answered");
            }
            default -> history(e, query);
        }
    }

    private static void history(Exchange e, Query query) {
        JsonNode body = e.answer().json();
        Shapes.expect(body.path("items").isArray() && body.has("nextCursor"), e, "a history page is {items, nextCursor}");
        long previous = Long.MAX_VALUE;
        for (JsonNode item : body.get("items")) {
            Shapes.expect(Shapes.LEDGER_TYPES.contains(item.path("type").asText()) && item.path("amount").asLong() > 0
                    && item.has("balanceAfter") && item.has("reference") && item.path("createdAt").isTextual(), e, "a history item " + item);
            long id = item.path("id").asLong();
            Shapes.expect(id < previous, e, "history is not newest first");
            Shapes.expect(query.cursor() == null || id < query.cursor(), e, "history after the cursor holds items not older than it");
            previous = id;
        }
        Shapes.expect(body.get("items").size() <= query.limitOr(20), e, "more items than the limit");
    }

    /** limit and cursor, valid or garbage (docs/api.md#point-service: limit 1 to 100, default 20; cursor from nextCursor). */
    record Query(String text, Integer limit, Long cursor, Value.Validity validity) {

        static final Query NONE = new Query("", null, null, Value.Validity.VALID);

        int limitOr(int fallback) {
            return limit == null ? fallback : limit;
        }

        static Query draw(Draws d) {
            if (d.clean()) {
                Integer limit = d.chance(50) ? Gen.ints(1, 100).draw(d) : null;
                return new Query(limit == null ? "" : "?limit=" + limit, limit, null, Value.Validity.VALID);
            }
            String limitText = Gen.<String>frequency(4, Gen.constant((String) null), 5, Gen.ints(1, 100).map(String::valueOf),
                    3, Gen.pick("0", "101", "-1", "abc", "1.5", "99999999999999999999", " 5", "5 ", "1e2", "0x10", "%")).draw(d);
            String cursorText = Gen.<String>frequency(5, Gen.constant((String) null), 3, Gen.between(-5, 5_000_000).map(String::valueOf),
                    2, Gen.pick("", "abc", "1.5", "99999999999999999999", "-", "null", "x".repeat(300))).draw(d);
            Integer limit = null;
            Long cursor = null;
            boolean valid = true;
            StringBuilder text = new StringBuilder();
            if (limitText != null) {
                text.append("limit=").append(Endpoints.encode(limitText));
                if (limitText.matches("[0-9]{1,3}") && Integer.parseInt(limitText) >= 1 && Integer.parseInt(limitText) <= 100) {
                    limit = Integer.parseInt(limitText);
                } else {
                    valid = false;
                }
            }
            if (cursorText != null) {
                text.append(text.isEmpty() ? "" : "&").append("cursor=").append(Endpoints.encode(cursorText));
                if (cursorText.matches("-?[0-9]{1,18}")) {
                    cursor = Long.parseLong(cursorText);
                } else if (!cursorText.isEmpty()) {
                    valid = false;
                }
            }
            return new Query(text.isEmpty() ? "" : "?" + text, limit, cursor, valid ? Value.Validity.VALID : Value.Validity.INVALID);
        }
    }

    // ------------------------------------------------------------------ POST /members/{id}/points/charge|use

    void chargeOrUse(Draws d) {
        boolean charge = d.chance(55);
        PathId id = PathId.of(world.mineOrAbsent(world.wallets)).draw(d);
        Json.Body body = Json.object(new Json.Field("amount", amountField(), true, INVALID_AMOUNT, INVALID_REQUEST)).draw(d);
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/members/" + id.encoded() + "/points/" + (charge ? "charge" : "use"), null)
                .withBody(body.bytes()).withKey(key.value());
        Long member = id.number() != null && world.members.contains(id.number()) ? id.number() : null;
        JsonNode before = member == null ? null : world.points(member);
        Long amount = body.field("amount").asLong();
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().path(id, "MEMBER_NOT_FOUND").key(key).body(body).then(() -> {
            if (member == null) {
                return Expect.error(404, "MEMBER_NOT_FOUND");
            }
            if (amount == null) {
                return Expect.nothing();
            }
            if (charge) {
                return before.get("balance").asLong() + amount > BALANCE_LIMIT ? Expect.error(409, "BALANCE_LIMIT_EXCEEDED") : Expect.success(200);
            }
            return amount > before.get("available").asLong() ? Expect.error(409, "INSUFFICIENT_POINTS") : Expect.success(200);
        }));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.point, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (member == null || checked.tolerated()) {
            return;
        }
        JsonNode after = world.points(member);
        Exchange e = checked.exchange();
        if (checked.applied() && !repeat) {
            Shapes.points(e);
            long delta = charge ? amount : -amount;
            Shapes.expect(after.get("balance").asLong() == before.get("balance").asLong() + delta
                    && after.get("held").asLong() == before.get("held").asLong(), e,
                    "points went from " + before + " to " + after + ", not by " + delta);
            Shapes.expect(JsonText.sameJson(e.answer().json(), after), e, "the answer " + e.answer().text() + " is not the points now " + after);
        } else if (checked.changedNothing() || repeat) {
            Shapes.expect(after.get("balance").asLong() == before.get("balance").asLong(), e,
                    "a refused or repeated request changed the balance: " + before + " -> " + after);
        }
    }

    // ------------------------------------------------------------------ /payments

    private Gen<String> paymentIds(String kind) {
        String prefix = "fz" + world.nonce + "-" + kind;
        Gen<String> any = Gen.frequency(
                8, Gen.ints(0, 25).map(n -> prefix + n),
                1, Json.text(1, 20).map(t -> prefix + "-" + t),
                // one of the ids above with blanks after it: another id, by the contract
                1, Gen.ints(0, 25).flatMap(n -> Gen.pick(" ", "  ", "\t", "\u00a0").map(blank -> prefix + n + blank)),
                1, Gen.ints(101, 300).map(n -> prefix + "y".repeat(n - prefix.length())),
                1, Gen.pick("", " ", "   "));
        return d -> d.clean() ? prefix + d.below(26) : any.draw(d);
    }

    /**
     * The payment or hold an id reaches in point-service: MariaDB compares VARCHARs ignoring trailing
     * spaces (PAD SPACE), so "x " is "x". The suite models that, to go on checking the rest, and
     * reports each time it shows (a pending fix: by the contract they are two ids).
     */
    static String identity(String id) {
        return id.replaceAll(" +$", "");
    }

    private static void noticeTrailingSpaces(String id, java.util.Map<String, String> known, Exchange e) {
        if (!identity(id).equals(id) && known.containsKey(identity(id)) && e.answer().status() == 200) {
            Shapes.expect(false, e, "'" + id + "' reached '" + identity(id) + "'");
        }
    }

    /** A payment or hold id as the service judges it: 1 to 100 visible ASCII characters, kept as given. */
    private static Value idValue(String id) {
        return Json.chosenId(id);
    }

    void payments(Draws d) {
        int op = d.below(3);
        String id = paymentIds("p").draw(d);
        Key key = world.keys.keys().draw(d);
        switch (op) {
            case 0 -> {
                Json.Body body = Json.object(
                        new Json.Field("paymentId", Gen.frequency(9, Gen.constant(id).map(PointCases::idValue), 1,
                                Gen.pick("5", "true", "[]", "{}", "null").map(t -> Value.invalid(t, INVALID_REQUEST))), true, INVALID_REQUEST),
                        new Json.Field("memberId", Json.id(world.mineOrAbsent(world.holders)), true, INVALID_REQUEST),
                        new Json.Field("amount", amountField(), true, INVALID_AMOUNT, INVALID_REQUEST)).draw(d);
                pay(body, key);
            }
            case 1 -> {
                Request request = Request.get("/payments/" + Endpoints.encode(id));
                String known = world.payments.get(identity(id));
                Expect expect = Oracle.start().textId(id).then(() -> known == null && !world.payments.containsKey(identity(id))
                        ? Expect.error(404, "PAYMENT_NOT_FOUND") : known == null ? Expect.success(200).orError(404, "PAYMENT_NOT_FOUND") : Expect.success(200));
                Checked checked = Conformance.send(world.point, request, expect);
                if (checked.answer().status() == 200 && !checked.tolerated()) {
                    Shapes.payment(checked.exchange());
                    Shapes.expect(known == null || known.equals(checked.answer().json().get("status").asText()), checked.exchange(),
                            "the payment is " + known + " as far as its calls went");
                    Shapes.expect(identity(id).equals(identity(checked.answer().json().get("paymentId").asText())), checked.exchange(), "another payment answered");
                    noticeTrailingSpaces(id, world.payments, checked.exchange());
                }
            }
            default -> refund(id, key);
        }
    }

    private void pay(Json.Body body, Key key) {
        Request request = Request.post("/payments", null).withBody(body.bytes()).withKey(key.value());
        String id = body.field("paymentId").asText();
        Long member = body.field("memberId").asLong();
        Long amount = body.field("amount").asLong();
        boolean mine = member != null && world.members.contains(member);
        JsonNode before = mine ? world.points(member) : null;
        String status = id == null ? null : world.payments.get(identity(id.strip()));
        boolean known = id != null && world.payments.containsKey(identity(id.strip()));
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().key(key).body(body).then(() -> {
            if (id == null || amount == null) {
                return Expect.nothing();
            }
            if (known && status == null) {
                return Expect.anything();
            }
            if ("PAID".equals(status)) {
                // The same payment again is answered 200; with another member or amount the contract says nothing.
                return (member + ":" + amount).equals(world.terms.get(identity(id.strip()))) ? Expect.success(200)
                        : Expect.success(200).orError(409).orError(400).orError(422).orError(404);
            }
            return refusedOr201("PAYMENT_CANCELLED", "VOIDED".equals(status) || "REFUNDED".equals(status), mine, amount, before);
        }));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.point, request, expect);
        world.keys.remember(request, key, checked.answer());
        Exchange e = checked.exchange();
        if (id != null && (checked.tolerated() || checked.answer().status() >= 500)) {
            world.payments.put(identity(id.strip()), null);
        }
        if (checked.answer().success() && !checked.tolerated()) {
            Shapes.payment(e);
            String answeredId = e.answer().json().get("paymentId").asText();
            Shapes.expect(id != null && identity(answeredId).equals(identity(id.strip())), e, "another payment answered");
            if (!answeredId.equals(id)) {
                Shapes.expect(false, e, "paymentId '" + id + "' became '" + answeredId + "'");
            }
            if (checked.answer().status() == 201 && !repeat) {
                world.payments.put(identity(answeredId), "PAID");
                world.terms.put(identity(answeredId), member + ":" + amount);
                Shapes.expect(e.answer().json().path("amount").asLong() == amount && e.answer().json().path("memberId").asLong() == member,
                        e, "the payment answered is not the one asked for");
            }
        }
        if (mine && !checked.tolerated()) {
            JsonNode after = world.points(member);
            long expected = before.get("balance").asLong() - (checked.answer().status() == 201 && !repeat && !checked.answer().replayed() ? amount : 0);
            Shapes.expect(after.get("balance").asLong() == expected, e, "the payer's balance went from " + before + " to " + after);
        }
    }

    /** A new payment or hold: 201, or every refusal that applies (the contract does not order them). */
    private static Expect refusedOr201(String cancelledCode, boolean cancelled, boolean memberMine, long amount, JsonNode before) {
        Expect refused = Expect.nothing();
        boolean any = false;
        if (cancelled) {
            refused.orError(409, cancelledCode);
            any = true;
        }
        if (!memberMine) {
            refused.orError(404, "MEMBER_NOT_FOUND");
            any = true;
        } else if (amount > before.get("available").asLong()) {
            refused.orError(409, "INSUFFICIENT_POINTS");
            any = true;
        }
        return any ? refused : Expect.success(201);
    }

    private void refund(String id, Key key) {
        Request request = Request.post("/payments/" + Endpoints.encode(id) + "/refund", null).withKey(key.value());
        String status = world.payments.get(identity(id));
        boolean known = world.payments.containsKey(identity(id));
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().key(key).textId(id).then(() -> {
            if (known && status == null) {
                return Expect.anything();
            }
            return Expect.success(200);
        }));
        Checked checked = Conformance.send(world.point, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (checked.tolerated() || checked.answer().status() != 200) {
            return;
        }
        Exchange e = checked.exchange();
        Shapes.payment(e);
        String now = e.answer().json().get("status").asText();
        String want = status == null ? "VOIDED" : status.equals("PAID") ? "REFUNDED" : status;
        Shapes.expect(!known || status != null ? want.equals(now) : !now.equals("PAID"), e,
                "a refund of a payment that is " + status + " answered " + now + " (want " + want + ")");
        Shapes.expect(identity(id).equals(identity(e.answer().json().get("paymentId").asText())), e, "another payment answered");
        noticeTrailingSpaces(id, world.payments, e);
        world.payments.put(identity(id), now);
    }

    // ------------------------------------------------------------------ /holds

    void holds(Draws d) {
        int op = d.below(4);
        String id = paymentIds("h").draw(d);
        Key key = world.keys.keys().draw(d);
        switch (op) {
            case 0 -> {
                Json.Body body = Json.object(
                        new Json.Field("holdId", Gen.frequency(9, Gen.constant(id).map(PointCases::idValue), 1,
                                Gen.pick("5", "true", "[]", "{}", "null").map(t -> Value.invalid(t, INVALID_REQUEST))), true, INVALID_REQUEST),
                        new Json.Field("memberId", Json.id(world.mineOrAbsent(world.holders)), true, INVALID_REQUEST),
                        new Json.Field("amount", amountField(), true, INVALID_AMOUNT, INVALID_REQUEST)).draw(d);
                hold(body, key);
            }
            case 1 -> {
                String known = world.holds.get(identity(id));
                Expect expect = Oracle.start().textId(id).then(() -> world.holds.containsKey(identity(id))
                        ? (known == null ? Expect.success(200).orError(404, "HOLD_NOT_FOUND") : Expect.success(200))
                        : Expect.error(404, "HOLD_NOT_FOUND"));
                Checked checked = Conformance.send(world.point, Request.get("/holds/" + Endpoints.encode(id)), expect);
                if (checked.answer().status() == 200 && !checked.tolerated()) {
                    Shapes.hold(checked.exchange());
                    Shapes.expect(known == null || known.equals(checked.answer().json().get("status").asText()), checked.exchange(),
                            "the hold is " + known + " as far as its calls went");
                }
            }
            case 2 -> holdChange(id, key, false, null);
            default -> holdChange(id, key, true, Json.object(new Json.Field("payeeMemberId",
                    Json.id(world.mineOrAbsent(world.sellers)), true, INVALID_REQUEST)).draw(d));
        }
    }

    private void hold(Json.Body body, Key key) {
        Request request = Request.post("/holds", null).withBody(body.bytes()).withKey(key.value());
        String id = body.field("holdId").asText();
        Long member = body.field("memberId").asLong();
        Long amount = body.field("amount").asLong();
        boolean mine = member != null && world.members.contains(member);
        JsonNode before = mine ? world.points(member) : null;
        String status = id == null ? null : world.holds.get(identity(id.strip()));
        boolean known = id != null && world.holds.containsKey(identity(id.strip()));
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().key(key).body(body).then(() -> {
            if (id == null || amount == null) {
                return Expect.nothing();
            }
            if (known && status == null) {
                return Expect.anything();
            }
            if ("HELD".equals(status) || "CAPTURED".equals(status)) {
                boolean same = (member + ":" + amount).equals(world.terms.get(identity(id.strip())));
                return same && "HELD".equals(status) ? Expect.success(200)
                        : same ? Expect.success(200).orError(409, "HOLD_CANCELLED")
                        : Expect.success(200).orError(409).orError(400).orError(422).orError(404);
            }
            return refusedOr201("HOLD_CANCELLED", "VOIDED".equals(status) || "RELEASED".equals(status), mine, amount, before);
        }));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.point, request, expect);
        world.keys.remember(request, key, checked.answer());
        Exchange e = checked.exchange();
        if (id != null && (checked.tolerated() || checked.answer().status() >= 500)) {
            world.holds.put(identity(id.strip()), null);
        }
        if (checked.answer().status() == 201 && !checked.tolerated() && !repeat) {
            Shapes.hold(e);
            world.holds.put(identity(e.answer().json().get("holdId").asText()), "HELD");
            world.terms.put(identity(e.answer().json().get("holdId").asText()), member + ":" + amount);
        }
        if (mine && !checked.tolerated()) {
            JsonNode after = world.points(member);
            long held = checked.answer().status() == 201 && !repeat && !checked.answer().replayed() ? amount : 0;
            Shapes.expect(after.get("balance").asLong() == before.get("balance").asLong()
                    && after.get("held").asLong() == before.get("held").asLong() + held, e,
                    "the holder's points went from " + before + " to " + after);
        }
    }

    private void holdChange(String id, Key key, boolean capture, Json.Body payeeBody) {
        Request request = Request.post("/holds/" + Endpoints.encode(id) + (capture ? "/capture" : "/release"), null).withKey(key.value());
        if (capture) {
            request = request.withBody(payeeBody.bytes());
        }
        String status = world.holds.get(identity(id));
        boolean known = world.holds.containsKey(identity(id));
        Long payee = capture ? payeeBody.field("payeeMemberId").asLong() : null;
        boolean payeeMine = payee != null && world.members.contains(payee);
        Oracle oracle = Oracle.start().key(key).textId(id);
        if (capture) {
            oracle.body(payeeBody);
        }
        Request sent = request;
        Expect expect = world.keys.expect(request, key, () -> oracle.then(() -> {
            if (known && status == null) {
                return Expect.anything();
            }
            if (!capture) {
                return "CAPTURED".equals(status) ? Expect.error(409, "HOLD_ALREADY_CAPTURED") : Expect.success(200);
            }
            if (!known) {
                return Expect.error(404, "HOLD_NOT_FOUND");
            }
            if ("CAPTURED".equals(status)) {
                return Expect.success(200).orError(409, "HOLD_NOT_ACTIVE");
            }
            if (!"HELD".equals(status)) {
                return Expect.error(409, "HOLD_NOT_ACTIVE");
            }
            return payeeMine ? Expect.success(200) : Expect.error(404, "MEMBER_NOT_FOUND");
        }));
        Checked checked = Conformance.send(world.point, sent, expect);
        world.keys.remember(sent, key, checked.answer());
        if (checked.tolerated() || checked.answer().status() >= 500) {
            world.holds.put(identity(id), null);
            return;
        }
        if (checked.answer().status() == 200) {
            Exchange e = checked.exchange();
            Shapes.hold(e);
            String now = e.answer().json().get("status").asText();
            String want = capture ? "CAPTURED" : status == null ? "VOIDED" : status.equals("HELD") ? "RELEASED" : status;
            Shapes.expect(!known && capture || want.equals(now), e, "the hold was " + status + "; the answer says " + now + ", not " + want);
            world.holds.put(identity(id), now);
        }
    }

    // ------------------------------------------------------------------ owed points at the balance limit

    /**
     * A member at the balance limit is still paid what is owed: a refund of an earlier payment and a
     * payout from a captured hold (docs/api.md#point-service).
     */
    void owedPointsAtTheLimit(Draws d) {
        long amount = Gen.between(1, 5_000).draw(d);
        boolean refund = d.chance(50);
        long member = world.member("at-limit", BALANCE_LIMIT - amount);
        String tag = "fz" + world.nonce + "-limit-" + member;
        if (refund) {
            World.expectOk(world.point.send(Request.post("/payments", "{\"paymentId\":\"" + tag + "\",\"memberId\":" + member
                    + ",\"amount\":" + amount + "}")), "a payment by the member");
            World.expectOk(world.point.send(Request.post("/members/" + member + "/points/charge", "{\"amount\":" + (2 * amount) + "}")),
                    "charging back to the limit");
            Checked checked = Conformance.send(world.point, Request.post("/payments/" + tag + "/refund", null),
                    Expect.success(200));
            world.payments.put(tag, checked.answer().status() == 200 ? "REFUNDED" : null);
            if (!checked.tolerated()) {
                Shapes.expect("REFUNDED".equals(checked.answer().json().path("status").asText()), checked.exchange(), "not REFUNDED");
                Shapes.expect(world.points(member).get("balance").asLong() == BALANCE_LIMIT + amount, checked.exchange(),
                        "the refund did not bring the points back");
            }
        } else {
            long holder = world.member("limit-holder", amount);
            World.expectOk(world.point.send(Request.post("/members/" + member + "/points/charge", "{\"amount\":" + amount + "}")),
                    "charging to the limit");
            World.expectOk(world.point.send(Request.post("/holds", "{\"holdId\":\"" + tag + "\",\"memberId\":" + holder
                    + ",\"amount\":" + amount + "}")), "a hold for the member");
            world.holds.put(tag, "HELD");
            Checked checked = Conformance.send(world.point, Request.post("/holds/" + tag + "/capture", "{\"payeeMemberId\":" + member + "}"),
                    Expect.success(200));
            world.holds.put(tag, checked.answer().status() == 200 ? "CAPTURED" : null);
            if (!checked.tolerated()) {
                Shapes.expect(world.points(member).get("balance").asLong() == BALANCE_LIMIT + amount, checked.exchange(),
                        "the payout did not reach the payee");
            } else {
                // Leave nothing held by the fuzz: the refused capture's hold is released again.
                world.point.send(Request.post("/holds/" + tag + "/release", null));
                world.holds.put(tag, "RELEASED");
            }
        }
    }
}
