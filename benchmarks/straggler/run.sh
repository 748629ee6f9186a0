#!/bin/sh
# The straggler experiment (docs/architecture.md#figures-to-reach): builds the benchmarks module and runs StragglerBenchmark.
#   benchmarks/straggler/run.sh [--calls 100] [--seconds 2] [--stragglers 5] [--slowdown 10] [--workers 100]
#                               [--period 1] [--repeat 1] [--out FILE] [--manager-jar PATH] [--learned-tfactor 1.3]
# Every run uses real `sleep` processes on the local backend; no Prometheus, Pushgateway or RabbitMQ is needed
# (the rules are evaluated in-process against the executor's call records, see docs/benchmarks/straggler.md).
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
cd "$root"
. benchmarks/classpath.sh
exec java -cp "$classpath" -Dlogback.configurationFile=executor-cli-logback.xml \
    io.slaguard.bench.executor.StragglerBenchmark "$@"
