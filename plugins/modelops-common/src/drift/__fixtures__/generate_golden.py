#!/usr/bin/env python3
"""Generates golden.json: drift-engine inputs with expected outputs computed by scipy/numpy.

Run from the repository root:

    python3 plugins/modelops-common/src/drift/__fixtures__/generate_golden.py

Deterministic (fixed seeds). The JSON is committed so the jest tests do not need python.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
DECILES = np.array([i / 10 for i in range(1, 10)])
EPS = 0.0001
MISSING = {"", "na", "nan", "null"}


def is_missing(v):
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and v.strip().lower() in MISSING:
        return True
    return False


def clean_numeric(values):
    out = []
    for v in values:
        if is_missing(v):
            continue
        f = float(v)
        if math.isinf(f):  # the engine treats +-Infinity as missing
            continue
        out.append(f)
    return np.array(out, dtype=np.float64)


def psi(r, c):
    r = np.where(r == 0, EPS, r)
    c = np.where(c == 0, EPS, c)
    return float(np.sum((c - r) * np.log(c / r)))


def js(r, c):
    m = (r + c) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kr = np.where(r > 0, r * np.log(r / m), 0.0)
        kc = np.where(c > 0, c * np.log(c / m), 0.0)
    v = 0.5 * np.sum(kr) + 0.5 * np.sum(kc)
    return float(math.sqrt(max(v, 0.0)))


def chi2(ref_counts, cur_counts):
    ref_counts = np.asarray(ref_counts, dtype=np.float64)
    cur_counts = np.asarray(cur_counts, dtype=np.float64)
    keep = (ref_counts + cur_counts) > 0
    table = np.vstack([ref_counts[keep], cur_counts[keep]])
    if table.shape[1] <= 1:
        return {"statistic": 0.0, "pValue": 1.0, "dof": 0}
    res = stats.chi2_contingency(table, correction=False)
    return {"statistic": float(res.statistic), "pValue": float(res.pvalue), "dof": int(res.dof)}


def distribution(ref_counts, cur_counts):
    ref_counts = np.asarray(ref_counts, dtype=np.float64)
    cur_counts = np.asarray(cur_counts, dtype=np.float64)
    r = ref_counts / ref_counts.sum()
    c = cur_counts / cur_counts.sum()
    out = {"psi": psi(r, c), "jensenShannon": js(r, c), "chiSquare": chi2(ref_counts, cur_counts)}
    # independent cross-check of the JS distance with scipy
    assert abs(out["jensenShannon"] - float(distance.jensenshannon(r, c))) < 1e-7
    return out


def numeric_case(name, reference, current):
    ref = clean_numeric(reference)
    cur = clean_numeric(current)
    ks = stats.ks_2samp(ref, cur)  # two-sided, method='auto'
    w = stats.wasserstein_distance(ref, cur)
    std = float(np.std(ref))
    quantiles = np.quantile(ref, DECILES)
    edges = np.unique(quantiles)
    ref_bins = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=len(edges) + 1)
    cur_bins = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=len(edges) + 1)
    expected = {
        "nReference": int(ref.size),
        "nCurrent": int(cur.size),
        "missingReference": len(reference) - int(ref.size),
        "missingCurrent": len(current) - int(cur.size),
        "ks": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
        "wasserstein": float(w),
        "std": std,
        "wassersteinNormed": float(w / max(std, 0.001)),
        "quantiles": [float(q) for q in quantiles],
        "edges": [float(e) for e in edges],
        "referenceBinCounts": [int(x) for x in ref_bins],
        "currentBinCounts": [int(x) for x in cur_bins],
        "distinctReference": int(np.unique(ref).size),
    }
    expected.update(distribution(ref_bins, cur_bins))
    if expected["distinctReference"] <= 5:
        values = np.union1d(ref, cur)
        rc = [int(np.sum(ref == v)) for v in values]
        cc = [int(np.sum(cur == v)) for v in values]
        expected["discrete"] = distribution(rc, cc)
    return {"name": name, "kind": "numeric", "reference": reference, "current": current, "expected": expected}


def categorical_case(name, reference, current):
    ref = [str(v) for v in reference if not is_missing(v)]
    cur = [str(v) for v in current if not is_missing(v)]
    cats = sorted(set(ref) | set(cur))
    rc = [ref.count(c) for c in cats]
    cc = [cur.count(c) for c in cats]
    expected = {
        "nReference": len(ref),
        "nCurrent": len(cur),
        "missingReference": len(reference) - len(ref),
        "missingCurrent": len(current) - len(cur),
        "categories": cats,
        "referenceCounts": rc,
        "currentCounts": cc,
    }
    expected.update(distribution(rc, cc))
    return {"name": name, "kind": "categorical", "reference": reference, "current": current, "expected": expected}


def r(x, d=4):
    return [float(v) for v in np.round(np.asarray(x, dtype=np.float64), d)]


def main():
    rng = np.random.default_rng(20240601)
    numeric = []
    # exact path, small samples with heavy ties
    numeric.append(numeric_case("small-ties", r(rng.integers(0, 6, 20)), r(rng.integers(0, 6, 25))))
    numeric.append(numeric_case("small-equal-n", r(rng.normal(0, 1, 50)), r(rng.normal(0.3, 1, 50))))
    numeric.append(numeric_case("small-unequal", r(rng.normal(0, 1, 40)), r(rng.normal(0.5, 1.2, 70))))
    numeric.append(numeric_case("tiny", [1.0, 2.0, 3.0], [2.5, 4.0]))
    numeric.append(numeric_case("disjoint-small", r(rng.normal(0, 1, 30)), r(rng.normal(10, 1, 35))))
    numeric.append(numeric_case("equal-n-ties", r(rng.integers(0, 20, 300)), r(rng.integers(2, 22, 300))))
    numeric.append(numeric_case("exact-mid-ties", r(rng.normal(0, 1, 900), 1), r(rng.normal(0.1, 1, 700), 1)))
    # around the exact/asymptotic switch (max(n1, n2) <= 10000 is exact)
    numeric.append(numeric_case("exact-at-switch", r(rng.normal(0, 1, 10000), 3), r(rng.normal(0.02, 1, 7000), 3)))
    numeric.append(numeric_case("asymp-past-switch", r(rng.normal(0, 1, 10001), 3), r(rng.normal(0.02, 1, 7000), 3)))
    numeric.append(numeric_case("asymp-equal-n-half", r(rng.normal(0, 1, 10001), 3), r(rng.normal(0.05, 1, 10001), 3)))
    # asymptotic with small effective n (Pomeranz / Durbin / smirnov branches)
    numeric.append(numeric_case("asymp-small-current", r(rng.normal(0, 1, 12000), 3), r(rng.normal(0.3, 1, 60), 3)))
    numeric.append(numeric_case("asymp-small-current-same", r(rng.normal(0, 1, 12000), 3), r(rng.normal(0, 1, 130), 3)))
    numeric.append(numeric_case("asymp-durbin", r(rng.normal(0, 1, 15000), 3), r(rng.normal(0, 1, 2000), 3)))
    numeric.append(numeric_case("asymp-shift", r(rng.exponential(2, 12000), 3), r(rng.exponential(2.3, 11000), 3)))
    # constant reference, identical samples, missing values, infinities
    numeric.append(numeric_case("constant-reference", [3.0] * 100, r(rng.normal(3, 0.5, 80))))
    same = r(rng.normal(5, 2, 200))
    numeric.append(numeric_case("identical", same, list(same)))
    with_missing = r(rng.normal(0, 1, 120))
    for i in range(0, 120, 7):
        with_missing[i] = None
    with_missing[3] = "NA"
    with_missing[5] = "NaN"
    with_missing[8] = ""
    with_missing[9] = "null"
    numeric.append(numeric_case("missing-values", with_missing, r(rng.normal(0.4, 1, 90)) + [None, "NA"]))
    numeric.append(numeric_case("discrete-numeric", r(rng.choice([0, 1, 2], 500, p=[0.7, 0.2, 0.1])), r(rng.choice([0, 1, 2, 3], 400, p=[0.5, 0.3, 0.1, 0.1]))))
    numeric.append(numeric_case("negative-wide", r(rng.standard_cauchy(800) * 100, 2), r(rng.standard_cauchy(600) * 120, 2)))

    categorical = []
    categorical.append(categorical_case("unseen-category", list(rng.choice(["a", "b", "c"], 300)), list(rng.choice(["a", "b", "c", "d"], 250))))
    categorical.append(categorical_case("single-category", ["x"] * 40, ["x"] * 35))
    cats = [f"c{i}" for i in range(50)]
    p_ref = rng.dirichlet(np.ones(50))
    p_cur = rng.dirichlet(np.ones(50))
    categorical.append(categorical_case("many-categories", list(rng.choice(cats, 5000, p=p_ref)), list(rng.choice(cats, 4000, p=p_cur))))
    categorical.append(categorical_case("strong-shift-tiny-p", ["a"] * 3000 + ["b"] * 1000, ["a"] * 1000 + ["b"] * 3000))
    categorical.append(categorical_case("missing-categories", ["a", "b", None, "NA", "", "a", "b", "b"] * 10, ["a", "b", "null", "a"] * 12))

    # direct distribution checks
    kstwo = []
    for n in [1, 2, 5, 20, 100, 140, 141, 500, 2500, 5000, 100000, 100001, 600000, 2000000]:
        for x in [0.001, 0.004, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.95]:
            if x <= 0.5 / n:
                continue
            kstwo.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})
    smirnov = []
    for n in [2, 5, 10, 50, 1000, 1013, 20000, 1000000, 1000001]:
        for x in [0.0005, 0.003, 0.01, 0.05, 0.1, 0.3, 0.5, 0.9]:
            smirnov.append({"n": n, "x": x, "sf": float(special.smirnov(n, x))})
    chi2sf = []
    for dof in [1, 2, 3, 4, 9, 10, 49, 100, 999]:
        for x in [0.0, 0.01, 0.5, 1.0, 3.84, 10.0, 50.0, 200.0, 1000.0, 1500.0, 3000.0]:
            chi2sf.append({"dof": dof, "x": x, "sf": float(stats.chi2.sf(x, dof))})
    ks_exact = []
    for n1, n2, d in [(5, 7, 3 / 7), (10, 10, 0.3), (100, 80, 0.2), (1000, 999, 0.05), (3000, 4000, 0.03), (10000, 10000, 0.01), (9999, 10000, 0.02)]:
        g = math.gcd(n1, n2)
        # a statistic on the lattice, fed to ks_2samp through synthetic samples is costly; use the
        # private helpers of the installed scipy instead (same functions ks_2samp calls).
        from scipy.stats._stats_py import _attempt_exact_2kssamp
        ok, dd, p = _attempt_exact_2kssamp(n1, n2, g, d, "two-sided")
        ks_exact.append({"n1": n1, "n2": n2, "d": d, "statistic": float(dd), "pValue": float(p), "success": bool(ok)})

    out = {
        "generator": "plugins/modelops-common/src/drift/__fixtures__/generate_golden.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "numeric": numeric,
        "categorical": categorical,
        "kstwoSf": kstwo,
        "smirnovSf": smirnov,
        "chi2Sf": chi2sf,
        "ksExact": ks_exact,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
