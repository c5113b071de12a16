#!/usr/bin/env bash
# The Retain demo: builds what is missing or stale, then runs a sandboxed company through the
# whole pipeline (sandbox servers, embedded PostgreSQL, scoring-service, routes) and prints a
# summary. Options: --accounts N, --seed N, --reset, --keep-running, --data-dir DIR.
set -euo pipefail
cd "$(dirname "$0")"
version=0.1.0-SNAPSHOT
demo_jar=demo/target/retain-demo-$version-exec.jar
scoring_jar=scoring-service/target/retain-scoring-service-$version-exec.jar
if [ ! -f "$demo_jar" ] || [ ! -f "$scoring_jar" ] \
   || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$demo_jar" -print -quit 2>/dev/null)" ]; then
  echo "building Retain (first run or sources changed)..."
  ./mvnw -q -B -DskipTests -Dspotless.check.skip install
fi
exec java -Xmx3g -Dretain.scoring.jar="$scoring_jar" -jar "$demo_jar" "$@"
