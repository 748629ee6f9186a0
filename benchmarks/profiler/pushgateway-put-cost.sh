#!/usr/bin/env bash
# CPU the Pushgateway spends per PUT of a profiler-sized sample while it holds GROUPS other call groups, with the
# given extra flags. Example:
#   benchmarks/profiler/pushgateway-put-cost.sh 1000
#   benchmarks/profiler/pushgateway-put-cost.sh 1000 --push.disable-consistency-check
set -euo pipefail
groups=${1:?usage: $0 GROUPS [pushgateway flags...]}; shift
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prometheus-pushgateway --web.listen-address=127.0.0.1:"$port" --persistence.file= "$@" >/dev/null 2>&1 &
pg=$!
trap 'kill $pg' EXIT
until curl -sf http://127.0.0.1:"$port"/-/ready >/dev/null; do sleep 0.2; done
body=""
for m in cpu_usage user_time system_time children_user_time children_system_time memory_usage \
         disk_read_mb disk_write_mb disk_read_rate disk_write_rate; do
  body+="# TYPE $m gauge"$'\n'
  for p in 1 2 3; do
    body+="$m{call_id=\"CALL\",executor_id=\"ffffff-0\",job_id=\"ffffff-0-M000\",pid=\"$p\",parent_pid=\"0\"} 1.5"$'\n'
  done
done
put() { printf '%s' "${body//CALL/$2}" | curl -sf -X PUT --data-binary @- \
          "http://127.0.0.1:$port/metrics/job/lithops_profiler/instance/$1/call_id/$2"; }
for i in $(seq 1 "$groups"); do put ffffff "$(printf 'ffffff-0-M000-%05d' "$i")"; done
ticks() { awk '{print $14 + $15}' /proc/$pg/stat; }
before=$(ticks)
for i in $(seq 1 100); do put eeeeee eeeeee-0-M000-00001; done
after=$(ticks)
hz=$(getconf CLK_TCK)
per_put=$(awk -v a="$after" -v b="$before" -v hz="$hz" 'BEGIN { printf "%.1f", (a - b) * 1000 / hz / 100 }')
echo "groups held: $groups, flags: [$*], Pushgateway CPU per PUT: $per_put ms"
