#!/bin/sh
# The compose stack's demo (README's classic scenario): a map of 4 calls of about 3 s, one of which sleeps
# 40 s on its first attempt. The manager flags it tooLong, this executor relaunches it, the job ends long
# before 40 s. Repeated every DEMO_PAUSE seconds so the dashboards always have recent data.
set -eu
: "${SLA_MANAGER_URL:?}" "${SLA_API_KEY:?}" "${DEMO_MAXCOST:?}" "${DEMO_PAUSE:?}"
# the executor reads the Pushgateway and the broker from SLA_PUSHGATEWAY_URL and SLA_RABBITMQ_URI, so the
# broker's password never appears on a command line
: "${SLA_PUSHGATEWAY_URL:?}" "${SLA_RABBITMQ_URI:?}"
STATUS=/tmp/demo.status

# The demo's agreements: tooLong (TFACTOR 1.3) relaunches the straggler, tooCostly watches the budget. Their
# ids are fixed, so a restart finds them already there (409) and keeps them.
create_agreement() { # template id, parameters (JSON object)
  code=$(curl -sS -o /tmp/agreement.out -w '%{http_code}' -X POST "$SLA_MANAGER_URL/create-agreement" \
    -H "Authorization: Bearer $SLA_API_KEY" -H 'Content-Type: application/json' \
    -d "{\"template_id\": \"$1\", \"parameters\": $2}")
  case "$code" in
    201) echo "demo: agreement from $1 created" ;;
    409) echo "demo: agreement from $1 already there" ;;
    *) echo "demo: creating the agreement from $1 failed with HTTP $code: $(cat /tmp/agreement.out)" >&2; return 1 ;;
  esac
}

echo starting > "$STATUS"
create_agreement cloudbutton_tooLong '{"TFACTOR": 1.3}'
create_agreement cloudbutton_tooCostly "{\"MAXCOST\": $DEMO_MAXCOST}"
while true; do
  echo running > "$STATUS"
  # {} is replaced by the call's input; demo-call.sh makes input 2 the straggler. Each run leaves a background
  # clean-up process that deletes its Pushgateway groups after the retention: 10 min keeps the last few runs
  # on the dashboards without piling up clean-up processes.
  if java -jar "${EXECUTOR_JAR:-/app/executor.jar}" run \
      --backend local --range 4 --memory 1024 --name demo \
      --command "sh $(dirname "$0")/demo-call.sh {}" \
      --sla --profile --retention 10m; then
    echo ok > "$STATUS"
  else
    echo failed > "$STATUS"
  fi
  sleep "$DEMO_PAUSE"
done
