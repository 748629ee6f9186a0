#!/usr/bin/env bash
# Fault scenarios against the manager's jar (H2): broker link cut, broker link held open and silent, SIGKILL while
# deliveries are held (restart on the same database), Prometheus unreachable; lost and duplicated counts per
# scenario. Needs prometheus and RabbitMQ on 127.0.0.1:5672. Options: --keys 20 --out FILE
set -euo pipefail
. "$(dirname "$0")/harness.sh"
java -Xmx512m -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.log.org.awaitility=warn \
    -cp "$classpath" io.slaguard.bench.manager.FaultScenarios --manager-jar "$jar" "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
