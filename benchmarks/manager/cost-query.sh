#!/usr/bin/env bash
# The tooCostly query as SPEC §7 writes it against the shipped template's, on 10,000 calls in 100 jobs: same cost
# per instance, and each timed alone through Prometheus' HTTP API. Needs prometheus and prometheus-pushgateway.
# Arguments: rounds [5], jobs of 100 calls [100], seconds of scraping before the timing [0].
set -euo pipefail
cd "$(dirname "$0")/../.."
out="benchmarks/manager/target-cost-query"
mkdir -p "$out/classes"
mvn -B -o -q -Dsla.build.dir=target-cost-query -pl test-support dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
m2="$HOME/.m2/repository"
classpath="$m2/io/slaguard/test-support/0.1.0-SNAPSHOT/test-support-0.1.0-SNAPSHOT.jar"
classpath+=":$m2/io/slaguard/sla-protocol/0.1.0-SNAPSHOT/sla-protocol-0.1.0-SNAPSHOT.jar"
classpath+=":$(cat "$out/classpath.txt"):$(ls "$m2"/org/slf4j/slf4j-simple/2.0.*/slf4j-simple-2.0.*.jar | tail -1)"
javac -d "$out/classes" -cp "$classpath" $(find benchmarks/manager/src/main/java -name '*.java')
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -Dorg.slf4j.simpleLogger.log.org.awaitility=warn -cp "$out/classes:$classpath" \
    io.slaguard.bench.manager.CostQueryBenchmark "$@"
