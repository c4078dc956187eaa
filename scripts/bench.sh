#!/usr/bin/env bash
# `make bench`: the lock-level benchmark (this project's lock against Redisson's, 1 to 3 processes)
# and the strategy benchmark (every concurrency-control strategy side by side against 3 replicas of
# each service), in one run. The report: target/bench/report.md, with charts in report.html and the
# raw figures in results.json (the lock benchmark's own files are under target/bench/lock/).
# Sizes: BENCH_WARM_UP (seconds of JIT warm-up per fresh cluster, default 30), BENCH_DURATION (seconds
# per steady-state scenario, 10), BENCH_CLIENTS (closed-loop clients, 24), BENCH_BURSTS (requests
# released together on one key, "300,1000,5000"; BENCH_BID_BURSTS for the bids alone, same default),
# BENCH_WARM_UP_BURSTS (unmeasured bursts of the first size before the measured ones, 2), BENCH_STRATEGIES (all),
# BENCH_REPEATS (runs of every measured scenario and lock configuration, for the spread the charts show; 3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/infra.sh up
# The bench runs its services on the contention suite's databases: fresh ones, whatever an earlier run left.
scripts/infra.sh reset-test-dbs
out="$PWD/target/bench"
rm -rf "$out"
mkdir -p "$out/lock"

echo "bench: building"
./mvnw -B -q install -DskipTests

echo "bench: the lock-level benchmark"
./mvnw -B -q -pl lock-bench exec:java -Dbench.output="$out/lock" -Dbench.repeats="${BENCH_REPEATS:-3}"

echo "bench: the strategy benchmark"
./mvnw -B -q -pl strategy-bench exec:java -Dbench.output="$out" \
    -Dbench.warm-up-seconds="${BENCH_WARM_UP:-30}" -Dbench.duration-seconds="${BENCH_DURATION:-10}" \
    -Dbench.clients="${BENCH_CLIENTS:-24}" -Dbench.bursts="${BENCH_BURSTS:-300,1000,5000}" \
    -Dbench.bid-bursts="${BENCH_BID_BURSTS:-${BENCH_BURSTS:-300,1000,5000}}" \
    -Dbench.warm-up-bursts="${BENCH_WARM_UP_BURSTS:-2}" -Dbench.repeats="${BENCH_REPEATS:-3}" \
    ${BENCH_STRATEGIES:+-Dbench.strategies="$BENCH_STRATEGIES"}

echo "bench: report in $out/report.md (charts: $out/report.html)"
