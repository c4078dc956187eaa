package dev.concurrency.contention.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * No partial write, checked in the databases themselves after each property, for every entity the
 * suite made (the databases are shared with other runs; theirs are not ours to judge):
 * <ul>
 *   <li>points: balance = CHARGE + REFUND + PAYOUT - USE - PAYMENT - CAPTURE; held = HOLD - RELEASE -
 *       CAPTURE = the open holds; the last ledger entry agrees; nothing negative, available = balance - held &gt;= 0;</li>
 *   <li>payments and holds: each status has exactly its ledger entries (a PAID payment one PAYMENT, a
 *       REFUNDED one also one REFUND; a CAPTURED hold a CAPTURE and the payee's PAYOUT…);</li>
 *   <li>stock: initial stock + restocks answered as done = current stock + quantities of orders not
 *       cancelled; a completed order's payment is PAID for its total, a cancelled one's is not;</li>
 *   <li>auctions: accepted bids rise by at least minIncrement, each outbidding the one before; price,
 *       count and highest bidder follow them; the highest bid's points are held (eventually captured
 *       when closed), every outbid one's released.</li>
 * </ul>
 */
final class Invariants {

    private final String dbHost;
    /** Breaks already reported: each fails one property, not every one after it. */
    private final java.util.Set<String> reported = new java.util.HashSet<>();

    Invariants(String dbHost) {
        this.dbHost = dbHost;
    }

    /** Checks everything; what only settles asynchronously (releases, captures) gets a few seconds. */
    void check(World world) {
        List<String> broken = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<String> eventual = new ArrayList<>();
            broken = new ArrayList<>();
            try {
                broken.addAll(points(world.members));
                broken.addAll(stock(world));
                broken.addAll(auctions(world.auctions, eventual));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the databases to check the invariants", e);
            }
            if (eventual.isEmpty() || System.nanoTime() > deadline) {
                broken.addAll(eventual);
                break;
            }
            pause(Duration.ofMillis(500));
        }
        broken.removeIf(b -> !reported.add(b));
        if (!broken.isEmpty()) {
            throw new Violation("invariant broken: " + Request.abbreviate(broken.get(0), 100),
                    "the data do not add up after the property (" + broken.size() + " breaks):\n  "
                            + broken.stream().limit(20).collect(Collectors.joining("\n  ")));
        }
    }

    private Connection connect(String service) throws SQLException {
        String user = service + "_svc";
        return DriverManager.getConnection("jdbc:mysql://" + dbHost + "/" + service + "_contention?useSSL=false&allowPublicKeyRetrieval=true",
                user, user);
    }

    private static String in(Collection<?> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "(", ")"));
    }

    List<String> points(Collection<Long> members) throws SQLException {
        List<String> broken = new ArrayList<>();
        if (members.isEmpty()) {
            return broken;
        }
        try (Connection c = connect("point"); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("""
                    SELECT m.id, m.balance, m.held,
                      (SELECT COALESCE(SUM(CASE WHEN l.type IN ('CHARGE','REFUND','PAYOUT') THEN l.amount
                                                WHEN l.type IN ('USE','PAYMENT','CAPTURE') THEN -l.amount ELSE 0 END), 0)
                         FROM point_ledger l WHERE l.member_id = m.id) AS ledger_balance,
                      (SELECT COALESCE(SUM(CASE WHEN l.type = 'HOLD' THEN l.amount
                                                WHEN l.type IN ('RELEASE','CAPTURE') THEN -l.amount ELSE 0 END), 0)
                         FROM point_ledger l WHERE l.member_id = m.id) AS ledger_held,
                      (SELECT COALESCE(SUM(h.amount), 0) FROM point_hold h WHERE h.member_id = m.id AND h.status = 'HELD') AS open_holds,
                      (SELECT l.balance_after FROM point_ledger l WHERE l.member_id = m.id ORDER BY l.id DESC LIMIT 1) AS last_balance,
                      (SELECT l.held_after FROM point_ledger l WHERE l.member_id = m.id ORDER BY l.id DESC LIMIT 1) AS last_held
                    FROM member m WHERE m.id IN""" + in(members))) {
                while (r.next()) {
                    long id = r.getLong("id");
                    long balance = r.getLong("balance");
                    long held = r.getLong("held");
                    String where = "member " + id + " (balance " + balance + ", held " + held + "): ";
                    if (balance != r.getLong("ledger_balance")) {
                        broken.add(where + "the ledger adds up to a balance of " + r.getLong("ledger_balance"));
                    }
                    if (held != r.getLong("ledger_held")) {
                        broken.add(where + "the ledger adds up to " + r.getLong("ledger_held") + " held");
                    }
                    if (held != r.getLong("open_holds")) {
                        broken.add(where + "its open holds add up to " + r.getLong("open_holds"));
                    }
                    if (balance < 0 || held < 0 || balance - held < 0) {
                        broken.add(where + "negative points, or available below 0");
                    }
                    r.getLong("last_balance");
                    if (!r.wasNull() && (r.getLong("last_balance") != balance || r.getLong("last_held") != held)) {
                        broken.add(where + "the last ledger entry says balance " + r.getLong("last_balance") + ", held " + r.getLong("last_held"));
                    }
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT p.payment_id, p.member_id, p.amount, p.status,
                      (SELECT COALESCE(SUM(l.amount), 0) FROM point_ledger l
                         WHERE l.type = 'PAYMENT' AND l.reference = p.payment_id AND l.member_id = p.member_id) AS paid,
                      (SELECT COUNT(*) FROM point_ledger l
                         WHERE l.type = 'PAYMENT' AND l.reference = p.payment_id AND l.member_id = p.member_id) AS payments,
                      (SELECT COALESCE(SUM(l.amount), 0) FROM point_ledger l
                         WHERE l.type = 'REFUND' AND l.reference = p.payment_id AND l.member_id = p.member_id) AS refunded
                    FROM payment p WHERE p.member_id IN""" + in(members))) {
                while (r.next()) {
                    String where = "payment '" + r.getString("payment_id") + "' (" + r.getString("status") + ", " + r.getLong("amount") + "): ";
                    long amount = r.getLong("amount");
                    long refundedExpected = "REFUNDED".equals(r.getString("status")) ? amount : 0;
                    if (r.getLong("paid") != amount || r.getLong("payments") != 1) {
                        broken.add(where + r.getLong("payments") + " PAYMENT entries for " + r.getLong("paid") + " points");
                    }
                    if (r.getLong("refunded") != refundedExpected) {
                        broken.add(where + "REFUND entries for " + r.getLong("refunded") + " points");
                    }
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT h.hold_id, h.member_id, h.amount, h.status, h.payee_member_id,
                      (SELECT COALESCE(SUM(l.amount), 0) FROM point_ledger l WHERE l.type = 'HOLD' AND l.reference = h.hold_id AND l.member_id = h.member_id) AS held,
                      (SELECT COALESCE(SUM(l.amount), 0) FROM point_ledger l WHERE l.type = 'RELEASE' AND l.reference = h.hold_id AND l.member_id = h.member_id) AS released,
                      (SELECT COALESCE(SUM(l.amount), 0) FROM point_ledger l WHERE l.type = 'CAPTURE' AND l.reference = h.hold_id AND l.member_id = h.member_id) AS captured,
                      (SELECT COALESCE(SUM(l.amount), 0) FROM point_ledger l WHERE l.type = 'PAYOUT' AND l.reference = h.hold_id AND l.member_id = h.payee_member_id) AS paid_out
                    FROM point_hold h WHERE h.member_id IN""" + in(members))) {
                while (r.next()) {
                    String status = r.getString("status");
                    long amount = r.getLong("amount");
                    String where = "hold '" + r.getString("hold_id") + "' (" + status + ", " + amount + "): ";
                    long releasedExpected = "RELEASED".equals(status) ? amount : 0;
                    long capturedExpected = "CAPTURED".equals(status) ? amount : 0;
                    if (r.getLong("held") != amount || r.getLong("released") != releasedExpected
                            || r.getLong("captured") != capturedExpected || r.getLong("paid_out") != capturedExpected) {
                        broken.add(where + "ledger HOLD " + r.getLong("held") + ", RELEASE " + r.getLong("released") + ", CAPTURE "
                                + r.getLong("captured") + ", PAYOUT " + r.getLong("paid_out"));
                    }
                }
            }
        }
        return broken;
    }

    List<String> stock(World world) throws SQLException {
        List<String> broken = new ArrayList<>();
        if (world.stockIn.isEmpty()) {
            return broken;
        }
        Map<Long, Long> totals = new HashMap<>();
        Map<Long, String> statuses = new HashMap<>();
        try (Connection c = connect("order"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (ResultSet r = s.executeQuery("""
                    SELECT p.id, p.stock,
                      (SELECT COALESCE(SUM(i.quantity), 0) FROM order_item i JOIN orders o ON o.id = i.order_id
                         WHERE i.product_id = p.id AND o.status <> 'CANCELLED') AS taken
                    FROM product p WHERE p.id IN""" + in(world.stockIn.keySet()))) {
                while (r.next()) {
                    long id = r.getLong("id");
                    long in = world.stockIn.get(id);
                    long there = r.getLong("stock") + r.getLong("taken");
                    if (there != in) {
                        broken.add("product " + id + ": stock " + r.getLong("stock") + " + " + r.getLong("taken") + " in orders not cancelled = "
                                + there + ", but it took in " + in + " (initial stock and restocks)");
                    }
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT o.id, o.status, o.saga_state, o.total_amount,
                      (SELECT COALESCE(SUM(i.quantity * i.unit_price), 0) FROM order_item i WHERE i.order_id = o.id) AS sum_items
                    FROM orders o WHERE o.id IN (SELECT i.order_id FROM order_item i WHERE i.product_id IN""" + in(world.stockIn.keySet()) + ")")) {
                while (r.next()) {
                    long id = r.getLong("id");
                    if (r.getLong("total_amount") != r.getLong("sum_items")) {
                        broken.add("order " + id + ": total " + r.getLong("total_amount") + " is not sum(quantity * unitPrice) " + r.getLong("sum_items"));
                    }
                    if ("DONE".equals(r.getString("saga_state"))) {
                        totals.put(id, r.getLong("total_amount"));
                        statuses.put(id, r.getString("status"));
                    }
                }
            }
            c.commit();
        }
        if (statuses.isEmpty()) {
            return broken;
        }
        Map<String, String> paymentStatus = new HashMap<>();
        Map<String, Long> paymentAmount = new HashMap<>();
        try (Connection c = connect("point"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT payment_id, status, amount FROM payment WHERE payment_id IN "
                     + statuses.keySet().stream().map(id -> "'order-" + id + "'").collect(Collectors.joining(",", "(", ")")))) {
            while (r.next()) {
                paymentStatus.put(r.getString("payment_id"), r.getString("status"));
                paymentAmount.put(r.getString("payment_id"), r.getLong("amount"));
            }
        }
        statuses.forEach((id, status) -> {
            String payment = "order-" + id;
            String paid = paymentStatus.get(payment);
            if ("COMPLETED".equals(status) && (!"PAID".equals(paid) || paymentAmount.get(payment) != totals.get(id).longValue())) {
                broken.add("order " + id + " is COMPLETED for " + totals.get(id) + " but its payment is " + paid + " for " + paymentAmount.get(payment));
            }
            if ("CANCELLED".equals(status) && "PAID".equals(paid)) {
                broken.add("order " + id + " is CANCELLED but its payment is still PAID");
            }
        });
        return broken;
    }

    List<String> auctions(Collection<Long> auctions, List<String> eventual) throws SQLException {
        List<String> broken = new ArrayList<>();
        if (auctions.isEmpty()) {
            return broken;
        }
        record Bid(long id, long bidder, long amount, long previous) {
        }
        Map<Long, List<Bid>> bids = new HashMap<>();
        Map<String, String[]> holds = new HashMap<>();
        try (Connection c = connect("auction"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (ResultSet r = s.executeQuery("SELECT id, auction_id, bidder_id, amount, previous_price FROM bid WHERE status = 'ACCEPTED' AND auction_id IN"
                    + in(auctions) + " ORDER BY auction_id, id")) {
                while (r.next()) {
                    bids.computeIfAbsent(r.getLong("auction_id"), a -> new ArrayList<>())
                            .add(new Bid(r.getLong("id"), r.getLong("bidder_id"), r.getLong("amount"), r.getLong("previous_price")));
                }
            }
            List<String> holdIds = bids.values().stream().flatMap(List::stream).map(b -> "'bid-" + b.id() + "'").toList();
            if (!holdIds.isEmpty()) {
                try (Connection p = connect("point"); Statement ps = p.createStatement();
                     ResultSet r = ps.executeQuery("SELECT hold_id, status, amount, member_id, payee_member_id FROM point_hold WHERE hold_id IN "
                             + holdIds.stream().collect(Collectors.joining(",", "(", ")")))) {
                    while (r.next()) {
                        holds.put(r.getString("hold_id"), new String[] {r.getString("status"), r.getString("amount"), r.getString("member_id"),
                                r.getString("payee_member_id")});
                    }
                }
            }
            try (ResultSet r = s.executeQuery("SELECT * FROM auction WHERE id IN" + in(auctions))) {
                while (r.next()) {
                    long id = r.getLong("id");
                    String where = "auction " + id + ": ";
                    List<Bid> chain = bids.getOrDefault(id, List.of());
                    long price = r.getLong("start_price");
                    long step = r.getLong("min_increment");
                    for (Bid bid : chain) {
                        if (bid.previous() != price || bid.amount() < price + step) {
                            broken.add(where + "bid " + bid.id() + " of " + bid.amount() + " outbid " + bid.previous() + " where the price was " + price
                                    + " (minIncrement " + step + ")");
                        }
                        price = bid.amount();
                    }
                    Bid last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
                    if (r.getLong("current_price") != price || r.getInt("bid_count") != chain.size()) {
                        broken.add(where + "current price " + r.getLong("current_price") + " and " + r.getInt("bid_count")
                                + " bids, but its accepted bids end at " + price + " and are " + chain.size());
                    }
                    long highest = r.getLong("highest_bidder_id");
                    if (r.wasNull() ? last != null : last == null || last.bidder() != highest) {
                        broken.add(where + "highest bidder " + (r.wasNull() ? null : highest) + " is not the last accepted bidder "
                                + (last == null ? null : last.bidder()));
                    }
                    boolean closed = "CLOSED".equals(r.getString("status"));
                    if (closed) {
                        long winner = r.getLong("winner_id");
                        if (r.wasNull() ? last != null : last == null || last.bidder() != winner) {
                            broken.add(where + "CLOSED with winner " + (r.wasNull() ? null : winner) + ", the highest bidder is "
                                    + (last == null ? null : last.bidder()));
                        }
                    }
                    for (Bid bid : chain) {
                        String[] hold = holds.get("bid-" + bid.id());
                        String want = bid != last ? "RELEASED" : closed ? "CAPTURED" : "HELD";
                        String status = hold == null ? null : hold[0];
                        if (hold == null || !Long.toString(bid.amount()).equals(hold[1]) || !Long.toString(bid.bidder()).equals(hold[2])) {
                            broken.add(where + "bid " + bid.id() + " (" + bid.amount() + " by " + bid.bidder() + ") has hold " + describe(hold));
                        } else if (!want.equals(status)) {
                            // HELD before its release or capture is done: settles by itself within seconds.
                            (status.equals("HELD") ? eventual : broken).add(where + "bid " + bid.id() + " should have its hold " + want
                                    + ", it is " + describe(hold));
                        } else if (want.equals("CAPTURED") && !Long.toString(r.getLong("seller_id")).equals(hold[3])) {
                            broken.add(where + "the winner's hold was captured to " + hold[3] + ", not the seller " + r.getLong("seller_id"));
                        }
                    }
                }
            }
            c.commit();
        }
        return broken;
    }

    /** The ids of the holds still HELD whose id starts with {@code prefix} (the suite's own). */
    List<String> heldHolds(String prefix) {
        try (Connection c = connect("point");
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT hold_id FROM point_hold WHERE status = 'HELD' AND hold_id LIKE ?")) {
            ps.setString(1, prefix.replace("%", "\\%").replace("_", "\\_") + "%");
            List<String> ids = new java.util.ArrayList<>();
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the suite's held holds", e);
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String describe(String[] hold) {
        return hold == null ? "none" : "{status " + hold[0] + ", amount " + hold[1] + ", member " + hold[2] + ", payee " + hold[3] + "}";
    }
}
