#!/usr/bin/env bash
# How fast the outbox drains a burst of violations to RabbitMQ (durable queue, persistent messages): one agreement
# finds --violations keys at one tick; per round, tick instant → first and last message received, and duplicates.
# Needs prometheus, prometheus-pushgateway and RabbitMQ on 127.0.0.1:5672. Options (defaults in brackets):
#   --violations 1000 --rounds 3 --out FILE --manager-jar JAR [the manager built from this tree]
set -euo pipefail
. "$(dirname "$0")/harness.sh"
java -Xmx1g \
    -cp "$classpath" io.slaguard.bench.manager.OutboxBenchmark --manager-jar "$jar" "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
