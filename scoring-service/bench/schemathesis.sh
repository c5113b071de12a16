#!/usr/bin/env bash
# Runs schemathesis (from PyPI) against the running scoring-service with an API key: every
# operation in the contract, generated valid and invalid requests, all checks. Exits non-zero on any
# failure. Needs the runnable jar: ./mvnw -q -B -pl scoring-service install -DskipTests
#   scoring-service/bench/schemathesis.sh [extra schemathesis arguments]
# Environment: SCHEMATHESIS_VERSION (default 4.32.5, the tested one), VENV (default
# ~/.cache/retain/schemathesis-venv-VERSION, reused across builds), MAX_EXAMPLES (default 30),
# JAVA (default java). `./mvnw -B -pl scoring-service verify` runs it (skip: -Dschemathesis.skip=true).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=${SCHEMATHESIS_VERSION:-4.32.5}
venv=${VENV:-${HOME}/.cache/retain/schemathesis-venv-$version}
run_start=$(date +%s)
jar=$(ls "$here"/target/retain-scoring-service-*-exec.jar 2>/dev/null | head -1)
[ -n "$jar" ] || { echo "no runnable jar in $here/target; build it first" >&2; exit 2; }

if [ ! -x "$venv/bin/schemathesis" ] \
  || { [ -n "$version" ] && ! "$venv/bin/pip" show schemathesis 2>/dev/null | grep "^Version: $version$" >/dev/null; }; then
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$version"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
key=schemathesis-$RANDOM$RANDOM
log=$here/target/schemathesis-service.log
"${JAVA:-java}" -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 \
  --retain.security.api-key="$key" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "the service did not start; see $log" >&2; cat "$log" >&2; exit 2; }
  sleep 0.5
done

start=$(date +%s)
"$venv/bin/schemathesis" --config-file "$here/bench/schemathesis.toml" run "$here/src/main/resources/openapi/scoring-api.yaml" \
  --url "http://127.0.0.1:$port" \
  --header "X-API-Key: $key" \
  --checks all \
  --max-examples "${MAX_EXAMPLES:-30}" \
  --seed 1 \
  --suppress-health-check all \
  "$@" && status=0 || status=$?
echo "schemathesis $version finished in $(( $(date +%s) - start ))s (with venv check and service start $(( $(date +%s) - run_start ))s), exit status $status"
exit $status
