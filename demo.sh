#!/usr/bin/env bash
# The Retain demo: builds what is missing or stale, then runs a sandboxed company through the
# whole pipeline (sandbox servers, embedded PostgreSQL, scoring-service, routes) and prints a
# summary. Options: --accounts N, --seed N, --reset, --keep-running, --data-dir DIR, --candidates
# LIST, --no-model.
set -euo pipefail
cd "$(dirname "$0")"
version=0.1.0-SNAPSHOT
demo_jar=demo/target/retain-demo-$version-exec.jar
scoring_jar=scoring-service/target/retain-scoring-service-$version-exec.jar
# the jars carry the build's fixed timestamp (reproducible builds), so a stamp file written after a
# successful build is what sources are compared with
stamp=demo/target/.demo-built
if [ ! -f "$demo_jar" ] || [ ! -f "$scoring_jar" ] || [ ! -f "$stamp" ] \
   || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "building Retain (first run or sources changed)..."
  ./mvnw -q -B -DskipTests -Dspotless.check.skip install
  touch "$stamp"
fi
exec java -Xmx3g -Dretain.scoring.jar="$scoring_jar" -jar "$demo_jar" "$@"
