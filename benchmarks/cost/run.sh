#!/bin/sh
# The tooCostly figure (docs/architecture.md#figures-to-reach): builds the manager's jar and the benchmarks module and runs CostBenchmark.
#   benchmarks/cost/run.sh [--calls 20] [--memory 1024] [--seconds 120] [--max-cost 0.005] [--unit-cost 1.6276e-8]
#                          [--period 2] [--repeat 10] [--out FILE]
# With --forecast first, the budget-forecast figure instead (ForecastBenchmark, docs/benchmarks/learning.md): one job
# teaches the manager's learning plane, a job costing twice the budget runs under the learned tooCostly template (and
# once under the plain one), a job under budget many times:
#   benchmarks/cost/run.sh --forecast [--calls 20] [--memory 1024] [--seconds 60] [--unit-cost 1.6276e-8] [--period 1]
#                          [--over-runs 3] [--under-runs 20] [--under-share 0.8] [--out FILE]
# Starts its own Pushgateway and Prometheus on free loopback ports and the manager jar; needs RabbitMQ on
# 127.0.0.1:5672 (RABBITMQ_* as in test-support). See docs/benchmarks/cost.md.
set -eu
main=io.slaguard.bench.executor.CostBenchmark
if [ "${1:-}" = "--forecast" ]; then
    shift
    main=io.slaguard.bench.executor.ForecastBenchmark
fi
root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
cd "$root"
. benchmarks/classpath.sh
mvn -B -ntp -q -Dsla.build.dir=$build -pl sla-manager -am package -Dmaven.test.skip=true
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)" >&2
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -cp "$classpath" -Dlogback.configurationFile=executor-cli-logback.xml \
    "$main" --manager-jar "sla-manager/$build/sla-manager-0.1.0-SNAPSHOT-exec.jar" \
    --templates agreements/templates "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
