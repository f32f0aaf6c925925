#!/usr/bin/env python3
"""`make bench`: Scorecard's full framework against DuckDB's four measures, on the
same generated extracts, on this machine. Standard library only; DuckDB lives in a
virtual environment under .bench/ (never a dependency of the product).

Prints the machine, the input sizes, medians of several runs (wall time, rows/s,
MB/s, peak memory), the ratio to DuckDB, whether the two agree on every figure they
share, and time per row at 1x, 2x and 4x of a base size.
"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".bench")
SCORECARD = os.path.join(ROOT, ".build", "release", "scorecard")
AS_AT = "2018-04-06"
SCALE = float(os.environ.get("BENCH_SCALE", "2700"))        # >= 5 M case rows, >= 20 M spider rows
BASE = float(os.environ.get("BENCH_BASE_SCALE", "300"))     # for the 1x / 2x / 4x scaling check
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SEED = 1
# BENCH_BEFORE=REV: also build commit REV (in .bench/before-src, a detached worktree) and
# time it alternately with the current build on the same set, for "no slower than before".
BEFORE = os.environ.get("BENCH_BEFORE")
PG_SCALE = float(os.environ.get("BENCH_PG_SCALE", "20"))    # the PostgreSQL comparison: every measure, in SQL


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def dataset(scale):
    folder = os.path.join(BENCH, "data", f"scale-{scale:g}-seed-{SEED}")
    if not os.path.exists(os.path.join(folder, "DONE")):
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating scale {scale:g} (once; cached in {os.path.relpath(folder, ROOT)}) …", flush=True)
        sh([SCORECARD, "generate", "--scale", f"{scale:g}", "--seed", str(SEED), "--as-at", AS_AT, "--out", folder])
        open(os.path.join(folder, "DONE"), "w").close()
    return folder


def sizes(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        if name == "DONE":
            continue
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))
        out[name] = (os.path.getsize(path), lines)
    return out


def timed(cmd):
    """Wall seconds and peak resident memory (KiB) of a command, via /usr/bin/time."""
    start = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, text=True, capture_output=True)
    wall = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    peak = int(r.stderr.strip().splitlines()[-1])
    return wall, peak, r.stdout


def before_binary(rev):
    """The release binary of commit `rev`, built once in a detached worktree under .bench/."""
    src = os.path.join(BENCH, "before-src")
    if os.path.exists(src):
        sh(["git", "-C", src, "checkout", "--quiet", "--detach", rev])
    else:
        sh(["git", "-C", ROOT, "worktree", "add", "--quiet", "--detach", src, rev])
    print(f"building release of {rev} (before) …", flush=True)
    sh(["swift", "build", "-c", "release"], cwd=src)
    return os.path.join(src, ".build", "release", "scorecard"), os.path.join(src, "metrics")


def scorecard_run(folder, out, binary=None, metrics=None):
    if os.path.exists(out) and binary is not None:
        shutil.rmtree(out)  # the other build's output: each build replaces only folders it wrote itself
    wall, peak, _ = timed([binary or SCORECARD, "run", "--data", folder, "--as-at", AS_AT, "--out", out,
                           "--metrics", metrics or os.path.join(ROOT, "metrics")])
    with open(os.path.join(out, "run-log.json")) as f:
        log = json.load(f)
    return wall, peak, log


def venv_python():
    python = os.path.join(BENCH, "venv", "bin", "python")
    if not os.path.exists(python):
        print("creating .bench/venv with duckdb (for the comparison only) …", flush=True)
        sh([sys.executable, "-m", "venv", os.path.join(BENCH, "venv")])
        sh([os.path.join(BENCH, "venv", "bin", "pip"), "install", "--quiet", "duckdb"])
    return python


def main():
    os.makedirs(BENCH, exist_ok=True)
    print("building release …", flush=True)
    sh(["swift", "build", "-c", "release"], cwd=ROOT)
    folder = dataset(SCALE)
    files = sizes(folder)
    total_bytes = sum(b for b, _ in files.values())
    rows = {name: lines - (0 if name.endswith(".txt") else 1) for name, (_, lines) in files.items()}
    case_rows = rows["mat_cases.csv"] + rows["ehm_episodes.csv"]
    total_rows = sum(rows.values())

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, {platform.platform()}")
    print(f"input (scale {SCALE:g}, seed {SEED}): {total_bytes / 1e6:,.0f} MB, {total_rows:,} rows; "
          f"case rows (MAT + EHM) {case_rows:,}; spider rows {rows['spider_scores.csv']:,}")

    # One output folder per set: a run compares each extract's rows with the last run's
    # in its folder (the completeness rule), so sets of other sizes must not share one.
    out = os.path.join(BENCH, f"out-scale-{SCALE:g}")
    before = before_binary(BEFORE) if BEFORE else None
    before_walls = []
    walls, peaks, intakes, evals = [], [], [], []
    for i in range(RUNS):
        if before:
            # Alternate with the current build, so both see the same machine.
            bwall, bpeak, _ = scorecard_run(folder, os.path.join(BENCH, f"out-before-scale-{SCALE:g}"), binary=before[0], metrics=before[1])
            before_walls.append(bwall)
            print(f"  scorecard {BEFORE} (before) run {i + 1}: {bwall:.2f} s wall, peak {bpeak / 2**20:.2f} GiB", flush=True)
        wall, peak, log = scorecard_run(folder, out, binary=SCORECARD if before else None)
        walls.append(wall)
        peaks.append(peak)
        intakes.append(log["seconds"]["intake"])
        evals.append(log["seconds"]["evaluation"])
        print(f"  scorecard run {i + 1}: {wall:.2f} s wall (intake {log['seconds']['intake']:.2f} s, "
              f"evaluation {log['seconds']['evaluation']:.2f} s), peak {peak / 2**20:.2f} GiB", flush=True)
    sc = statistics.median(walls)
    intake = statistics.median(intakes)

    # The CSV layer alone (records, quoting, encodings; no mapping), both cores.
    reads = []
    for _ in range(RUNS):
        out_text = sh([SCORECARD, "read", "--data", folder, "--metrics", os.path.join(ROOT, "metrics")]).stdout.strip().splitlines()[-1]
        reads.append(float(out_text.split(" in ")[1].split(" s")[0]))
    csv_read = statistics.median(reads)

    python = venv_python()
    duck_csv = os.path.join(BENCH, "duckdb-long-table.csv")
    duck_walls = []
    for i in range(RUNS):
        wall, peak, _ = timed([python, os.path.join(ROOT, "bench", "duckdb_measures.py"), folder, AS_AT, duck_csv])
        duck_walls.append(wall)
        print(f"  duckdb HM1, HM2, HW2, IM1 run {i + 1}: {wall:.2f} s wall, peak {peak / 2**20:.2f} GiB", flush=True)
    duck = statistics.median(duck_walls)
    agree = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "compare.py"), os.path.join(out, "long-table.csv"), duck_csv],
                           text=True, capture_output=True)

    print("\nmedians of", RUNS, "runs")
    print(f"  scorecard, every measure, period and column: {sc:.2f} s  ({total_rows / sc / 1e6:.2f} M rows/s, "
          f"{total_bytes / sc / 1e6:.0f} MB/s end to end; intake {total_bytes / intake / 1e6:.0f} MB/s)")
    print(f"  CSV layer alone (scorecard read: records, quoting, encodings, no mapping): {csv_read:.2f} s, "
          f"{total_bytes / csv_read / 1e6:.0f} MB/s")
    if before:
        b = statistics.median(before_walls)
        print(f"  scorecard at {BEFORE} (before), same set, alternated: {b:.2f} s; now / before = {sc / b:.3f}")
    print(f"  peak memory {statistics.median(peaks) / 2**20:.2f} GiB = {statistics.median(peaks) * 1024 / total_bytes:.2f} x the input")
    print(f"  duckdb, HM1 HM2 HW2 IM1 only:                {duck:.2f} s")
    print(f"  ratio duckdb / scorecard: {duck / sc:.2f}  ({'scorecard faster' if sc < duck else 'duckdb faster'})")
    print("  figures:", agree.stdout.strip().splitlines()[0] if agree.stdout.strip() else agree.stderr.strip())

    print(f"\nscaling (base scale {BASE:g}): time per row should stay flat")
    for factor in (1, 2, 4):
        f = dataset(BASE * factor)
        n = sum(lines for _, lines in sizes(f).values())
        runs = [scorecard_run(f, os.path.join(BENCH, f"out-scale-{BASE * factor:g}"))[0] for _ in range(RUNS)]
        t = statistics.median(runs)
        print(f"  {factor}x: {n:,} rows, {t:.2f} s, {t / n * 1e9:.0f} ns per row", flush=True)

    postgres()


def postgres():
    """Every measure compiled to SQL (scorecard sql) on a throwaway PostgreSQL cluster:
    export, load (psql \\copy) and query times, and whether the long table is Scorecard's
    byte for byte. Skipped, saying so, without PostgreSQL."""
    import glob
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not bins:
        print("\nPostgreSQL: skipped (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)")
        return
    bin_dir = os.path.dirname(bins[-1])
    folder = dataset(PG_SCALE)
    rows = sum(lines for _, lines in sizes(folder).values())
    work = os.path.join(BENCH, "postgres")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    as_user = []
    if os.geteuid() == 0:
        # initdb refuses root: the server runs as the postgres user, owning its folder.
        import pwd
        pw = pwd.getpwnam("postgres")
        os.chown(work, pw.pw_uid, pw.pw_gid)
        as_user = ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups"]
    data = os.path.join(work, "data")
    sh(as_user + [f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "scorecard", "-E", "UTF8", "--locale=C", "--no-instructions"])
    options = f"-c listen_addresses='' -c unix_socket_directories='{work}' -c fsync=off -c shared_buffers=512MB -c work_mem=64MB"
    subprocess.run(as_user + [f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-l", os.path.join(work, "server.log"), "-w", "start"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        psql = [f"{bin_dir}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", work, "-U", "scorecard", "-d", "postgres"]
        export = os.path.join(BENCH, "export")
        start = time.perf_counter()
        sh([SCORECARD, "export", "--data", folder, "--as-at", AS_AT, "--out", export, "--metrics", os.path.join(ROOT, "metrics")])
        export_s = time.perf_counter() - start
        script = os.path.join(BENCH, "measures.sql")
        with open(script, "w") as f:
            f.write(sh([SCORECARD, "sql", "--dialect", "postgres", "--as-at", AS_AT, "--metrics", os.path.join(ROOT, "metrics")]).stdout)
        start = time.perf_counter()
        sh(psql + ["-f", "schema.sql", "-f", "load.psql", "-c", "ANALYZE"], cwd=export)
        load_s = time.perf_counter() - start
        queries = []
        for _ in range(RUNS):
            start = time.perf_counter()
            out = sh(psql + ["--csv", "-f", script]).stdout
            queries.append(time.perf_counter() - start)
        run_out = os.path.join(BENCH, "out-pg")
        wall, _, _ = scorecard_run(folder, run_out)
        with open(os.path.join(run_out, "long-table.csv"), newline="") as f:
            same = f.read().replace("\r\n", "\n") == out
        print(f"\nPostgreSQL {os.path.basename(os.path.dirname(bin_dir))} (scale {PG_SCALE:g}, {rows:,} rows; every measure compiled by scorecard sql):")
        print(f"  scorecard export {export_s:.2f} s; load (psql \\copy, ANALYZE) {load_s:.2f} s; "
              f"query median of {RUNS} {statistics.median(queries):.2f} s; scorecard run on the same set {wall:.2f} s")
        print(f"  long table {'identical to Scorecard' if same else 'DIFFERS from Scorecard'} ({out.count(chr(10)) - 1:,} figures)")
    finally:
        subprocess.run(as_user + [f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "postgres":
        os.makedirs(BENCH, exist_ok=True)
        sh(["swift", "build", "-c", "release"], cwd=ROOT)
        postgres()
    else:
        main()
