#!/usr/bin/env bash
# The tooCostly query in the D and R formulation (docs/architecture.md#toocostly-d-and-r) against the shipped template's, on 10,000 calls in 100 jobs: same cost
# per instance, and each timed alone through Prometheus' HTTP API. Needs prometheus and prometheus-pushgateway.
# Arguments: rounds [5], jobs of 100 calls [100], seconds of scraping before the timing [0].
set -euo pipefail
. "$(dirname "$0")/harness.sh"
java -Xmx1g -cp "$classpath" \
    io.slaguard.bench.manager.CostQueryBenchmark "$@"
