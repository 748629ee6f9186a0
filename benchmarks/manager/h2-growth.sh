#!/usr/bin/env bash
# Growth of the manager's H2 file at a steady violation rate: one agreement with two keys violating at every 1 s
# tick (transientTime 0: 2 violations/s), notifier log, the file's size and the violation count sampled every 30 s,
# then a clean stop, and SHUTDOWN COMPACT of the stopped file for the live data. Needs prometheus. Options
# (defaults in brackets):
#   --minutes 30 --compact-every 5m (sla.storage.compact-every; "off" runs without compaction while running)
set -euo pipefail
minutes=30; compact=5m
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --compact-every) compact=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
. "$(dirname "$0")/harness.sh"
# the H2 the manager is built with (Spring Boot's version), for compacting the stopped file
h2_version=$(unzip -l "$jar" | grep -o 'h2-[0-9.]*\.jar' | head -1 | sed 's/^h2-//; s/\.jar$//')
mvn -B -ntp -q dependency:get -Dartifact=com.h2database:h2:$h2_version >/dev/null
h2_jar="$HOME/.m2/repository/com/h2database/h2/$h2_version/h2-$h2_version.jar"
work=$(mktemp -d /tmp/h2-growth.XXXXXX)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' > "$work/prometheus.yml"
prometheus_port=$(free_port); port=$(free_port)
prometheus --config.file="$work/prometheus.yml" --web.listen-address=127.0.0.1:$prometheus_port \
  --storage.tsdb.path="$work/tsdb" > "$work/prometheus.log" 2>&1 &
prometheus_pid=$!
# "off": compaction so rare it never runs within the measurement
setting=$compact
[[ "$compact" == off ]] && setting=1000d
java -Xmx256m -jar "$PWD/$jar" --server.port=$port --sla.prometheus.url=http://127.0.0.1:$prometheus_port \
  --sla.check-period=1s --sla.transient-time=0s --sla.notifiers=log --sla.storage.compact-every=$setting \
  --sla.storage.url="jdbc:h2:file:$work/db/sla;DB_CLOSE_ON_EXIT=FALSE" \
  --logging.level.io.slaguard.manager.notify=warn > "$work/manager.log" 2>&1 &
manager_pid=$!
trap 'kill $manager_pid $prometheus_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "127.0.0.1:$port/actuator/health" -o /dev/null && break; sleep 1; done
series() { printf 'label_replace(vector(1), \\"call_id\\", \\"58d244-0-M001-0000%s\\", \\"\\", \\"\\")' "$1"; }
curl -sf -X POST "127.0.0.1:$port/agreements" -H 'Content-Type: application/json' -o /dev/null -d "{\"id\": \"growth\",
  \"name\": \"growth\", \"details\": {\"provider\": {\"id\": \"p\", \"name\": \"P\"}, \"client\": {\"id\": \"c\", \"name\": \"C\"},
  \"variables\": [{\"name\": \"x\", \"metric\": \"$(series 1) or $(series 2)\"}],
  \"guarantees\": [{\"name\": \"tooLong\", \"constraint\": \"x < 1\"}]}}"
count() { curl -sI "127.0.0.1:$port/violations?limit=1" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-total-count" {print $2}'; }
echo "compact-every $compact; seconds, file bytes, violations"
start=$(date +%s)
while (( $(date +%s) - start < minutes * 60 )); do
  echo "$(( $(date +%s) - start )), $(stat -c %s "$work/db/sla.mv.db"), $(count)"
  sleep 30
done
violations=$(count)
kill $manager_pid; wait $manager_pid || true
echo "after a clean stop: $(stat -c %s "$work/db/sla.mv.db") bytes for $violations violations"
java -cp "$h2_jar" org.h2.tools.Shell -url "jdbc:h2:file:$work/db/sla" -user "" -password "" -sql "SHUTDOWN COMPACT" \
  >/dev/null 2>&1 || true
echo "live data (SHUTDOWN COMPACT): $(stat -c %s "$work/db/sla.mv.db") bytes"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
