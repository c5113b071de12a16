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
models=$(mktemp -d)
"${JAVA:-java}" -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 \
  --retain.security.api-key="$key" --retain.models.dir="$models" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$models"' EXIT
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "the service did not start; see $log" >&2; cat "$log" >&2; exit 2; }
  sleep 0.5
done

# an active churn model, so that scores are fuzzed with churn probabilities, drivers and attributes:
# a logistic regression on a small generated dataset (a numeric and a categorical column)
base="http://127.0.0.1:$port"
python3 - "$models/train.csv" <<'PY'
import random, sys
r = random.Random(5)
with open(sys.argv[1], "w") as f:
    f.write("customer_id,tenure,logins_change_30d,contract,churned\n")
    for i in range(400):
        tenure, change = r.randint(1, 72), r.uniform(-0.8, 0.4)
        contract = r.choice(["monthly", "annual"])
        risk = 0.5 - tenure / 100 - change + (0.3 if contract == "monthly" else 0)
        f.write(f"c{i},{tenure},{change:.3f},{contract},{'yes' if r.random() < risk else 'no'}\n")
PY
job=$(curl -fsS -H "X-API-Key: $key" -F "file=@$models/train.csv" -F labelColumn=churned \
  -F positiveValue=yes -F idColumn=customer_id -F candidates=logistic-regression -F folds=3 \
  "$base/v1/models" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for _ in $(seq 1 240); do
  state=$(curl -fsS -H "X-API-Key: $key" "$base/v1/training-jobs/$job")
  case "$state" in
    *'"SUCCEEDED"'*|*'"succeeded"'*) break ;;
    *'"FAILED"'*|*'"failed"'*) echo "training the fuzzing model failed: $state" >&2; exit 2 ;;
  esac
  sleep 0.5
done
model_version=$(echo "$state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["modelVersion"])')
curl -fsS -o /dev/null -X POST -H "X-API-Key: $key" "$base/v1/models/$model_version/activate"
echo "churn model $model_version active for the run"

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
