#!/usr/bin/env bash
# Manager figures of docs/architecture.md#figures-to-reach against real processes: Pushgateway load (1,000 concurrent workers, lost-event check),
# assessment tick time and heap with 10,000 calls in 100 jobs and the four cloudbutton templates, and detection
# latency (tooLong deadline crossed → violation received from RabbitMQ). Needs prometheus, prometheus-pushgateway
# and RabbitMQ on 127.0.0.1:5672 (RABBITMQ_* as in test-support). Options are passed on (defaults in brackets):
#   --jobs 100 --calls-per-job 100 --instances 10 --pushers 1000 --finished-share 0.6 --stragglers-per-job 1
#   --check-period 5 --ticks 20 --detection-jobs 20 --detection-spacing 1.37 --max-cost 4 --max-heap 256m
#   --load-calls 1000 --consistency-check false --scrape-interval 1 --transient-time 0 --exchange sla.violations.bench --out FILE
#   --distinct-parameters false --engine prometheus --pushgateways 1
# --load-calls: calls of the Pushgateway load test (one per worker, start then end, Pushgateway as shipped; 0: skip);
# --consistency-check: whether the Pushgateway holding the 10,000 calls checks each push against everything it holds
# (slow at that size, see docs/benchmarks/manager.md); --jobs 0: detection only, no scale load;
# --distinct-parameters true: the combined agreement gets its own TFACTOR and MAXCOST, so only queries that do not
# depend on them (notStarted, and the detection agreement's tooLong, the same as scale-tooLong's) are shared.
# --engine victoria-metrics: the manager queries a VictoriaMetrics single node (victoria-metrics, Debian) that scrapes
# the Pushgateways itself, instead of Prometheus; --pushgateways N: the calls' instances spread over N Pushgateways
# as the executor spreads them (the load phase keeps one).
set -euo pipefail
. "$(dirname "$0")/harness.sh"
java -Xmx1g \
    -cp "$classpath" io.slaguard.bench.manager.ManagerBenchmark --manager-jar "$jar" "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
