package dev.concurrency.lockbench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One contender process (a child JVM started by {@link LockBenchmark}): N threads that take one hot
 * lock, run the critical section and release, over and over, from GO until the end of the run.
 *
 * <p>Arguments are {@code key=value}: adapter, lock, section, fenced, threads, warmupMillis,
 * measureMillis, waitMillis, redisUrl, shared, result, and for the db section dbUrl, dbUser, dbPassword,
 * table, row. Protocol on stdout/stdin: prints {@code LOCKBENCH READY} once connected, waits for a
 * line {@code GO}, runs, writes the result file, prints {@code LOCKBENCH DONE}.
 */
public final class Contender {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Section section = Section.byId(a.get("section"));
        boolean fenced = Boolean.parseBoolean(a.get("fenced"));
        boolean combining = Boolean.parseBoolean(a.getOrDefault("combining", "false"));
        int threads = Integer.parseInt(a.get("threads"));
        long warmupNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a.get("warmupMillis")));
        long measureNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a.get("measureMillis")));
        Duration wait = Duration.ofMillis(Long.parseLong(a.get("waitMillis")));

        LockAdapter lock = (LockAdapter) Class.forName(a.get("adapter")).getDeclaredConstructor().newInstance();
        lock.start(a.get("redisUrl"), a.get("lock"), wait);
        SharedMemory shared = SharedMemory.open(Path.of(a.get("shared")));

        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            CriticalSection cs = switch (section) {
                case DB -> {
                    Connection c = DriverManager.getConnection(a.get("dbUrl"), a.get("dbUser"), a.get("dbPassword"));
                    yield new CriticalSection.Db(c, a.get("table"), Long.parseLong(a.get("row")), fenced);
                }
                case MEMORY -> new CriticalSection.Memory(shared, fenced);
            };
            workers.add(new Worker(lock, cs, shared));
        }
        // Loaded only when combining: the Redisson contenders' classpath has no CombiningQueue.
        Loop loop = combining ? CombinedLoop.create(lock, shared) : Worker::run;

        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        long[] window = new long[2]; // warm-up end, run end (System.nanoTime); written before go opens
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Worker worker = workers.get(t);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    loop.run(worker, window[0], window[1]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "contender-" + t);
            thread.start();
            running.add(thread);
        }

        System.out.println("LOCKBENCH READY");
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!"GO".equals(line)) {
            System.err.println("expected GO, got " + line);
            System.exit(2);
        }
        long start = System.nanoTime();
        window[0] = start + warmupNanos;
        window[1] = start + warmupNanos + measureNanos;
        go.countDown();
        done.await();

        Samples waits = new Samples();
        Samples holds = new Samples();
        Samples sections = new Samples();
        long acquisitions = 0, committed = 0, refused = 0, timeouts = 0, errors = 0, lostLeases = 0, measured = 0;
        String firstError = "";
        for (Worker w : workers) {
            measured += w.waits.count();
            acquisitions += w.acquisitions;
            committed += w.committed;
            refused += w.refused;
            timeouts += w.timeouts;
            errors += w.errors;
            lostLeases += w.lostLeases;
            waits.addAll(w.waits.toArray());
            holds.addAll(w.holds.toArray());
            sections.addAll(w.sections.toArray());
            if (firstError.isEmpty() && w.firstError.get() != null) {
                firstError = w.firstError.get();
            }
            w.section.close();
        }
        new ChildResult(acquisitions, committed, refused, timeouts, errors, lostLeases, measured, firstError, lock.library(),
                waits.toArray(), holds.toArray(), sections.toArray()).write(Path.of(a.get("result")));
        System.out.println("LOCKBENCH DONE");
        System.out.flush();

        // Closing the clients must not keep the harness waiting: give it a few seconds, then leave.
        Thread closer = new Thread(() -> {
            try {
                lock.close();
            } catch (Exception e) {
                System.err.println("closing the lock client failed: " + e);
            }
        }, "close");
        closer.setDaemon(true);
        closer.start();
        closer.join(5_000);
        System.exit(0);
    }

    /** What each contender thread does from the end of the warm-up on to the end of the run. */
    interface Loop {
        void run(Worker worker, long warmupEnd, long end);
    }

    /** One contender thread and what it counted. */
    static final class Worker {

        final LockAdapter lock;
        final CriticalSection section;
        final SharedMemory shared;
        final Samples waits = new Samples();
        final Samples holds = new Samples();
        final Samples sections = new Samples();
        final AtomicReference<String> firstError = new AtomicReference<>();
        long acquisitions, committed, refused, timeouts, errors, lostLeases;

        Worker(LockAdapter lock, CriticalSection section, SharedMemory shared) {
            this.lock = lock;
            this.section = section;
            this.shared = shared;
        }

        void run(long warmupEnd, long end) {
            while (true) {
                long requested = System.nanoTime();
                if (requested - end >= 0) {
                    return;
                }
                LockAdapter.Held held;
                try {
                    held = lock.acquire();
                } catch (Exception e) {
                    failed(e);
                    pause();
                    continue;
                }
                long acquired = System.nanoTime();
                if (held == null) {
                    timeouts++;
                    continue;
                }
                acquisitions++;
                shared.enter();
                long sectionDone;
                try {
                    if (section.run(held.token())) {
                        committed++;
                    } else {
                        refused++;
                    }
                } catch (Exception e) {
                    failed(e);
                } finally {
                    sectionDone = System.nanoTime();
                    shared.leave();
                }
                try {
                    if (!held.release()) {
                        lostLeases++;
                    }
                } catch (Exception e) {
                    failed(e);
                }
                long released = System.nanoTime();
                // Counted when the acquisition completed inside the measured window.
                if (acquired - warmupEnd >= 0 && acquired - end < 0) {
                    waits.add(acquired - requested);
                    holds.add(released - acquired);
                    sections.add(sectionDone - acquired);
                }
            }
        }

        void failed(Exception e) {
            errors++;
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            if (firstError.compareAndSet(null, trace.toString())) {
                e.printStackTrace();
            }
        }

        static void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
