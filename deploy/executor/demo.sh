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

# One agreement from the combined template (notStarted, tooLong, tooCostly). Its id is fixed, so a
# restart finds it already there (409) and keeps it.
create_agreement() {
  code=$(curl -sS -o /tmp/agreement.out -w '%{http_code}' -X POST "$SLA_MANAGER_URL/create-agreement" \
    -H "Authorization: Bearer $SLA_API_KEY" -H 'Content-Type: application/json' \
    -d "{\"template_id\": \"cloudbutton_cloudbutton\", \"parameters\": {\"TFACTOR\": 1.3, \"MAXCOST\": $DEMO_MAXCOST}}")
  case "$code" in
    201) echo "demo: agreement created" ;;
    409) echo "demo: agreement already there" ;;
    *) echo "demo: creating the agreement failed with HTTP $code: $(cat /tmp/agreement.out)" >&2; return 1 ;;
  esac
}

echo starting > "$STATUS"
create_agreement
while true; do
  echo running > "$STATUS"
  # {} is replaced by the call's input; demo-call.sh makes input 2 the straggler
  if java -jar "${EXECUTOR_JAR:-/app/executor.jar}" run \
      --backend local --range 4 --memory 1024 --name demo \
      --command "sh $(dirname "$0")/demo-call.sh {}" \
      --sla --profile; then
    echo ok > "$STATUS"
  else
    echo failed > "$STATUS"
  fi
  sleep "$DEMO_PAUSE"
done
