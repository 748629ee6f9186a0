#!/usr/bin/env bash
# Manager figures of SPEC §15 against real processes: Pushgateway load (1,000 concurrent workers, lost-event check),
# assessment tick time and heap with 10,000 calls in 100 jobs and the four cloudbutton templates, and detection
# latency (tooLong deadline crossed → violation received from RabbitMQ). Needs prometheus, prometheus-pushgateway
# and RabbitMQ on 127.0.0.1:5672 (RABBITMQ_* as in test-support). Options are passed on (defaults in brackets):
#   --jobs 100 --calls-per-job 100 --instances 10 --pushers 1000 --finished-share 0.6 --stragglers-per-job 1
#   --check-period 5 --ticks 20 --detection-jobs 20 --detection-spacing 1.37 --max-cost 4 --max-heap 256m
#   --load-calls 1000 --consistency-check false --scrape-interval 1 --transient-time 0 --exchange sla.violations.bench --out FILE
#   --distinct-parameters false
# --load-calls: calls of the Pushgateway load test (one per worker, start then end, Pushgateway as shipped; 0: skip);
# --consistency-check: whether the Pushgateway holding the 10,000 calls checks each push against everything it holds
# (slow at that size, see docs/benchmarks-manager.md); --jobs 0: detection only, no scale load;
# --distinct-parameters true: the combined agreement gets its own TFACTOR and MAXCOST, so only queries that do not
# depend on them (notStarted, and the detection agreement's tooLong, the same as scale-tooLong's) are shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=target-bench
jar="sla-manager/$build/sla-manager-0.1.0-SNAPSHOT-exec.jar"
# the harness compiles against test-support and sla-protocol as installed, with their parent (a fresh machine has none)
mvn -B -ntp -q -Dsla.build.dir="$build" -pl .,sla-protocol,test-support install -Dmaven.test.skip=true
# then the manager's jar from its own build directory, rebuilt when a source or resource is newer
if [[ ! -f "$jar" ]] || [[ -n "$(find sla-manager/src/main sla-manager/pom.xml -newer "$jar" -type f -print -quit)" ]]; then
    mvn -B -ntp -q -Dsla.build.dir="$build" -pl sla-manager package -Dmaven.test.skip=true
fi
mvn -B -ntp -q dependency:get -Dartifact=org.slf4j:slf4j-simple:2.0.17 >/dev/null
out="benchmarks/manager/$build"
mkdir -p "$out/classes"
mvn -B -ntp -q -Dsla.build.dir="$build" -pl test-support dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
m2="$HOME/.m2/repository"
classpath="$m2/io/slaguard/test-support/0.1.0-SNAPSHOT/test-support-0.1.0-SNAPSHOT.jar"
classpath+=":$m2/io/slaguard/sla-protocol/0.1.0-SNAPSHOT/sla-protocol-0.1.0-SNAPSHOT.jar"
classpath+=":$(cat "$out/classpath.txt"):$m2/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar"
javac -d "$out/classes" -cp "$classpath" $(find benchmarks/manager/src/main/java -name '*.java')
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.log.org.awaitility=warn \
    -cp "$out/classes:$classpath" io.slaguard.bench.manager.ManagerBenchmark --manager-jar "$jar" "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
