#!/usr/bin/env python3
"""`make test-spark`: the measures compiled for Spark (`scorecard sql --dialect spark`) run
on a local Spark (PySpark from PyPI in .spark/venv, Java from Debian) over the tables
`scorecard export` writes, on the same sets as the PostgreSQL tests — the samples, generated
seeds 1 and 7 (scale 0.5), seed 42 as at 2017-09-30 — and each long table must be
Scorecard's byte for byte. Standard library only; test tooling, never the product's.
"""
import filecmp
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, ".spark")
VENV = os.path.join(WORK, "venv")
SCORECARD = os.path.join(ROOT, ".build", "debug", "scorecard")
METRICS = os.path.join(ROOT, "metrics")
SETS = [
    ("samples", os.path.join(ROOT, "sample-data"), "2018-04-06", None),
    ("seed-1", None, "2018-04-06", ("0.5", "1")),
    ("seed-7", None, "2018-04-06", ("0.5", "7")),
    ("seed-42-2017-09-30", None, "2017-09-30", ("0.5", "42")),
]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def setup():
    if shutil.which("java") is None:
        print("installing Java (default-jre-headless) …", flush=True)
        sh(["apt-get", "update"])
        sh(["apt-get", "install", "-y", "default-jre-headless"], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    python = os.path.join(VENV, "bin", "python")
    if subprocess.run([python, "-c", "import pyspark"], capture_output=True).returncode != 0 if os.path.exists(python) else True:
        print("creating .spark/venv with PySpark 3.5 (for this check only) …", flush=True)
        sh([sys.executable, "-m", "venv", VENV])
        sh([os.path.join(VENV, "bin", "pip"), "install", "--quiet", "pyspark>=3.5,<4"])
    sh(["swift", "build"], cwd=ROOT)
    return python


def main():
    python = setup()
    sets = os.path.join(WORK, "sets")
    shutil.rmtree(sets, ignore_errors=True)
    os.makedirs(sets)
    triples, expected = [], []
    for name, data, as_at, generated in SETS:
        folder = os.path.join(sets, name)
        if generated:
            data = os.path.join(folder, "data")
            sh([SCORECARD, "generate", "--scale", generated[0], "--seed", generated[1], "--as-at", as_at, "--out", data])
        sh([SCORECARD, "run", "--data", data, "--as-at", as_at, "--metrics", METRICS, "--out", os.path.join(folder, "run")])
        sh([SCORECARD, "export", "--data", data, "--as-at", as_at, "--metrics", METRICS, "--out", os.path.join(folder, "export")])
        with open(os.path.join(folder, "measures.sql"), "w") as f:
            f.write(sh([SCORECARD, "sql", "--dialect", "spark", "--as-at", as_at, "--metrics", METRICS]).stdout)
        triples += [os.path.join(folder, "export"), os.path.join(folder, "measures.sql"), os.path.join(folder, "spark.csv")]
        expected.append((name, os.path.join(folder, "run", "long-table.csv"), os.path.join(folder, "spark.csv")))
    started = time.time()
    result = subprocess.run([python, os.path.join(ROOT, "Tests", "spark", "spark_long_table.py")] + triples, text=True, capture_output=True)
    print("\n".join(line for line in result.stdout.splitlines() if line.startswith("spark:")))
    if result.returncode != 0:
        print(result.stderr[-4000:])
        sys.exit("test-spark: Spark failed")
    failed = []
    for name, ours, theirs in expected:
        same = filecmp.cmp(ours, theirs, shallow=False)
        print(f"  {name}: Spark's long table {'identical to' if same else 'DIFFERS from'} Scorecard's")
        if not same:
            failed.append(name)
    print(f"test-spark: {len(expected) - len(failed)} of {len(expected)} sets identical, {time.time() - started:.0f} s in Spark")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
