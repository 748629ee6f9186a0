#!/usr/bin/env bash
# Profiler overhead benchmark: CPU per monitored call at 1 s and 10 s sampling, pushes per sample, and workload
# wall time with and without profiling at 1, 10 and 100 concurrent calls. Needs prometheus-pushgateway.
# Options are passed on: --calls 1,10,100 --intervals 1,10 --seconds 20 --work-mb 100
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target-bench
mvn -q -o -Dsla.build.dir="$out" -pl profiler test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out-profiler-classpath.txt"
classpath="profiler/$out/test-classes:profiler/$out/classes:$(cat "profiler/$out-profiler-classpath.txt")"
exec java -cp "$classpath" io.slaguard.profiler.bench.ProfilerBenchmark "$@"
