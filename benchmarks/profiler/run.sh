#!/usr/bin/env bash
# Profiler overhead benchmark: CPU per monitored call at 1 s and 10 s sampling, pushes per sample, and workload
# wall time with and without profiling at 1, 10 and 100 concurrent calls. Needs prometheus-pushgateway.
# Options are passed on: --calls 1,10,100 --intervals 1,10 --seconds 15 --work-mb 50 --repeat 3
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/classpath.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dlogback.configurationFile=profiler-logback.xml -cp "$classpath" io.slaguard.bench.profiler.ProfilerBenchmark "$@"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
