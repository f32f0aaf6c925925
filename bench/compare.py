#!/usr/bin/env python3
"""Compares DuckDB's figures with the matching rows of a long table.

    compare.py EXPECTED.csv DUCKDB.csv

Rows match on (measure, breakdown, period, column). For every measure DuckDB wrote, each
row on either side must have its partner; counts (numerator, denominator) must be equal
and values equal within 1e-9 (`z` only against `z`). Prints "N figures compared, M differ"
first, then the first differences; exits 1 if any differ. Standard library only.
"""
import csv
import sys

KEY = ("measure", "breakdown", "period", "column")
TOLERANCE = 1e-9
SHOWN = 20


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = {}
        for row in csv.DictReader(f):
            rows[tuple(row[k] for k in KEY)] = row
        return rows


def count(text):
    return None if text == "" else int(text)


def same_value(a, b):
    if a == "z" or b == "z":
        return a == b
    x, y = float(a), float(b)
    return abs(x - y) <= TOLERANCE * max(1.0, abs(x), abs(y))


def differences(expected, duck):
    measures = {key[0] for key in duck}
    keys = sorted(set(duck) | {k for k in expected if k[0] in measures})
    for key in keys:
        e, d = expected.get(key), duck.get(key)
        if e is None:
            yield key, "only in DuckDB's table"
        elif d is None:
            yield key, "missing from DuckDB's table"
        else:
            problems = []
            for field in ("numerator", "denominator"):
                if count(e[field]) != count(d[field]):
                    problems.append(f"{field} {e[field] or 'blank'} expected, DuckDB {d[field] or 'blank'}")
            if not same_value(e["value"], d["value"]):
                problems.append(f"value {e['value']} expected, DuckDB {d['value']}")
            if problems:
                yield key, "; ".join(problems)


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: compare.py EXPECTED.csv DUCKDB.csv")
    expected, duck = read(argv[1]), read(argv[2])
    measures = {key[0] for key in duck}
    compared = len(set(duck) | {k for k in expected if k[0] in measures})
    found = list(differences(expected, duck))
    print(f"{compared} figures compared, {len(found)} differ")
    for key, why in found[:SHOWN]:
        print("  " + ",".join(key) + ": " + why)
    if len(found) > SHOWN:
        print(f"  … and {len(found) - SHOWN} more")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
