#!/bin/sh
# The straggler experiment (docs/architecture.md#figures-to-reach): builds the executor's test classes and runs StragglerBenchmark.
#   benchmarks/straggler/run.sh [--calls 100] [--seconds 2] [--stragglers 5] [--slowdown 10] [--workers 100]
#                               [--period 1] [--repeat 1] [--out FILE]
# Every run uses real `sleep` processes on the local backend; no Prometheus, Pushgateway or RabbitMQ is needed
# (the rules are evaluated in-process against the executor's call records, see docs/benchmarks/straggler.md).
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
cd "$root"
build=target-bench
# the modules the harness needs, installed (a fresh machine has none of them)
mvn -B -ntp -q -Dsla.build.dir=$build -pl executor -am install -Dmaven.test.skip=true
mvn -B -ntp -q -Dsla.build.dir=$build -pl executor test-compile dependency:build-classpath \
    -Dmdep.outputFile=$build/classpath.txt
cp="executor/$build/test-classes:executor/$build/classes:$(cat executor/$build/classpath.txt)"
exec java -cp "$cp" -Dlogback.configurationFile=executor-cli-logback.xml \
    io.slaguard.executor.bench.StragglerBenchmark "$@"
