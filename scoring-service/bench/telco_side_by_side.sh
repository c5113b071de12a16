#!/usr/bin/env bash
# Retain's churn trainer and scikit-learn (LR, RF, GB) side by side on the Telco churn sample,
# on the same 3x5 stratified folds: scikit-learn draws the folds (RepeatedStratifiedKFold,
# random_state=SEED) and writes them as a fold file (customerID, r0, r1, r2) that Retain's CLI reads
# with --fold-file. Prints one table of mean fold ROC AUC (and pooled out-of-fold ECE).
#
#   scoring-service/bench/telco_side_by_side.sh [CSV] [SEED]
#
# Needs python3 with venv, network access to PyPI (first run) and a built exec jar
# (./mvnw -B -pl scoring-service install -DskipTests).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
csv="${1:-$repo/../shared/data/telco-customer-churn.csv}"
seed="${2:-42}"
work="${BENCH_WORK:-$repo/scoring-service/target/bench}"
venv="${BENCH_VENV:-$work/venv}"
mkdir -p "$work"
jar="$(ls "$repo"/scoring-service/target/retain-scoring-service-*-exec.jar | head -1)"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q scikit-learn pandas
fi

cat > "$work/sk.py" <<'PY'
import sys, json, time
import numpy as np, pandas as pd
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
from sklearn.metrics import roc_auc_score

csv, seed, fold_file, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
df = pd.read_csv(csv)
df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
df["TotalCharges"] = df["TotalCharges"].fillna(df["TotalCharges"].median())
y = (df["Churn"] == "Yes").astype(int).values
X = pd.get_dummies(df.drop(columns=["customerID", "Churn"]), dtype=float).values
cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=seed)
folds = np.zeros((3, len(y)), dtype=int)
splits = list(cv.split(X, y))
for i, (_, te) in enumerate(splits):
    folds[i // 5, te] = i % 5
pd.DataFrame({"customerID": df["customerID"], "r0": folds[0], "r1": folds[1], "r2": folds[2]}).to_csv(fold_file, index=False)

def ece(y, p, bins=10):
    b = np.minimum((p * bins).astype(int), bins - 1)
    return sum(abs(y[b == k].mean() - p[b == k].mean()) * (b == k).sum() / len(y) for k in range(bins) if (b == k).any())

models = {
    "scikit-learn logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)),
    "scikit-learn random forest": lambda: RandomForestClassifier(n_estimators=500, min_samples_leaf=5, n_jobs=2, random_state=seed),
    "scikit-learn gradient boosting": lambda: GradientBoostingClassifier(random_state=seed),
}
rows = []
for name, make in models.items():
    t = time.time(); aucs = []; oof = np.zeros((3, len(y)))
    for i, (tr, te) in enumerate(splits):
        p = make().fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
        aucs.append(roc_auc_score(y[te], p)); oof[i // 5, te] = p
    rows.append({"model": name, "auc": float(np.mean(aucs)), "sd": float(np.std(aucs, ddof=1)),
                 "ece": float(ece(np.tile(y, 3), oof.ravel())), "ece_note": "uncalibrated", "seconds": time.time() - t})
json.dump(rows, open(out, "w"))
PY

echo "scikit-learn: drawing folds and fitting LR, RF, GB (3x5)..." >&2
"$venv/bin/python" "$work/sk.py" "$csv" "$seed" "$work/folds.csv" "$work/sk.json"

echo "Retain: training every candidate on the same folds..." >&2
rm -rf "$work/registry"
start=$(date +%s)
/usr/bin/time -v java -jar "$jar" train --csv "$csv" --label Churn --positive Yes --id customerID \
  --folds 5 --repeats 3 --seed "$seed" --fold-file "$work/folds.csv" --out "$work/registry" \
  > "$work/retain.json" 2> "$work/retain.err" || { cat "$work/retain.err" >&2; exit 1; }
end=$(date +%s)
# jars built before commons-logging was excluded printed a one-line warning on stdout
sed -i '/^Standard Commons Logging discovery/d' "$work/retain.json"
grep -E "Maximum resident set size|Elapsed" "$work/retain.err" >&2 || true

"$venv/bin/python" - "$work/sk.json" "$work/retain.json" "$((end - start))" <<'PY'
import json, sys
sk = json.load(open(sys.argv[1])); rt = json.load(open(sys.argv[2])); wall = sys.argv[3]
print("| model | ROC AUC (mean of 15 folds) | sd | ECE (pooled out-of-fold) |")
print("|---|---|---|---|")
for r in sk:
    print(f"| {r['model']} | {r['auc']:.4f} | {r['sd']:.4f} | {r['ece']:.4f} (uncalibrated) |")
for c in rt["candidates"]:
    if c["status"] != "evaluated":
        print(f"| Retain {c['name']} | skipped: {c['reason']} | | |"); continue
    mark = " **(chosen)**" if c["name"] == rt["chosen"] else ""
    print(f"| Retain {c['name']}{mark} | {c['cvRocAuc']:.4f} | {c['cvRocAucStd']:.4f} | {c['calibrated']['calibration']['ece']:.4f} (Platt, cross-fitted) |")
print()
print(f"Retain: validation {rt['validation']}; chosen {rt['chosen']}; training run {rt['trainingSeconds']:.0f} s (CV of every candidate + final fit), wall {wall} s")
PY
