#!/bin/sh
# Duration-model figures: accuracy on a real workload (bzip2 over files of several sizes through the executor's local
# backend, trained on the first runs, predicting the later ones) and the cost of training on 100,000 history rows.
#   benchmarks/learning/run.sh [--part accuracy|training|both] [--sizes-mb 1,2,3,4,6,8] [--runs 8] [--train-runs 6]
#                              [--calls 60] [--workers 2] [--rows 100000] [--repeat 3] [--threads 1,2] [--out FILE]
# Needs bzip2; no Prometheus, Pushgateway or RabbitMQ. See docs/benchmarks/learning.md.
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
cd "$root"
. benchmarks/classpath.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)" >&2
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xmx1g -cp "$classpath" -Dlogback.configurationFile=executor-cli-logback.xml \
    io.slaguard.bench.learning.LearningBenchmark "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
