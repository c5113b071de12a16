#!/usr/bin/env bash
# Retain's identity CLI and Splink (DuckDB backend) side by side on the same file with the same
# blocking rules, printing pairwise F1 and wall time of both.
#   usage: identity/bench/compare_splink.sh [path/to/febrl3.csv]
# Needs python3 with venv and network access to PyPI; builds the CLI jar when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:-$root/../shared/data/febrl3.csv}"
venv="$root/identity/target/splink-venv"
jar="$(ls "$root"/identity/target/retain-identity-*-exec.jar 2>/dev/null | head -1 || true)"
if [[ -z "$jar" ]]; then
  (cd "$root" && ./mvnw -q -B -pl identity -am install -DskipTests -Dspotless.check.skip)
  jar="$(ls "$root"/identity/target/retain-identity-*-exec.jar | head -1)"
fi
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "splink>=4,<5" duckdb pandas
fi

echo "== Retain ($jar)"
start=$(date +%s.%N)
java -jar "$jar" dedupe --mapping "$root/identity/examples/febrl3.yaml" \
  --out "$root/identity/target/compare-retain" "$data" | grep -E "^(dedupe|F1|truth)"
end=$(date +%s.%N)
echo "Retain wall time: $(echo "$end - $start" | bc) s"

echo "== Splink (DuckDB)"
"$venv/bin/python" - "$data" <<'PY'
import sys, time
import pandas as pd
t0 = time.time()
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

df = pd.read_csv(sys.argv[1], dtype=str, skipinitialspace=True).fillna("")
df.columns = [c.strip() for c in df.columns]
df = df.replace("", None)
df["unique_id"] = df["rec_id"]
df["truth"] = df["rec_id"].str.extract(r"rec-(\d+)-")[0]
# the same blocking rules as identity/examples/febrl3.yaml
blocking = [
    block_on("soc_sec_id"),
    block_on("date_of_birth"),
    block_on("given_name", "surname"),
    block_on("surname", "postcode"),
    block_on("given_name", "suburb"),
]
settings = SettingsCreator(
    link_type="dedupe_only",
    blocking_rules_to_generate_predictions=blocking,
    comparisons=[
        cl.JaroWinklerAtThresholds("given_name", [0.92, 0.8]),
        cl.JaroWinklerAtThresholds("surname", [0.92, 0.8]),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.88]),
        cl.JaroWinklerAtThresholds("address_2", [0.88]),
        cl.JaroWinklerAtThresholds("suburb", [0.88]),
        cl.LevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state"),
        cl.LevenshteinAtThresholds("date_of_birth", [1]),
        cl.LevenshteinAtThresholds("soc_sec_id", [1]),
    ],
)
linker = Linker(df.drop(columns=["truth"]), settings, db_api=DuckDBAPI())
linker.training.estimate_u_using_random_sampling(max_pairs=2e5)
for rule in [block_on("date_of_birth"), block_on("soc_sec_id"), block_on("given_name", "surname")]:
    linker.training.estimate_parameters_using_expectation_maximisation(rule)
pred = linker.inference.predict(threshold_match_probability=0.9)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.9).as_pandas_dataframe()
elapsed = time.time() - t0
truth = dict(zip(df["unique_id"], df["truth"]))
c = clusters[["unique_id", "cluster_id"]].copy()
c["truth"] = c["unique_id"].map(truth)
def pairs(s):
    n = s.value_counts()
    return int((n * (n - 1) // 2).sum())
pp = pairs(c["cluster_id"]); tp = pairs(c["truth"]); both = pairs(c["cluster_id"] + "|" + c["truth"])
p = both / pp if pp else 1.0; r = both / tp if tp else 1.0
print(f"Splink: precision {p:.4f}, recall {r:.4f}, F1 {2*p*r/(p+r):.4f}")
print(f"Splink wall time (import, training, prediction, clustering): {elapsed:.1f} s")
PY
