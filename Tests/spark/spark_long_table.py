#!/usr/bin/env python3
"""Runs the measures compiled for Spark (`scorecard sql --dialect spark`) on a local
Spark over the tables `scorecard export` wrote, and writes the long table as Scorecard
writes long-table.csv (CRLF, a field quoted only when it holds a comma, a quote or a line
break), so the two compare byte for byte.

    spark_long_table.py EXPORT_FOLDER SCRIPT.sql OUT.csv [EXPORT_FOLDER SCRIPT.sql OUT.csv …]

Several sets run one after the other in one Spark session (each prints its query time).

Each CSV of the export becomes a temporary view named as its record, its columns typed
as schema.sql types them. Test tooling only (make test-spark): PySpark lives in
.spark/venv, never a dependency of the product.
"""
import csv
import io
import os
import re
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql.types import DateType, DoubleType, IntegerType, LongType, StringType, StructField, StructType

TYPES = {"integer": IntegerType(), "bigint": LongType(), "double precision": DoubleType(), "date": DateType(), "text": StringType()}


def tables(schema_sql):
    """(table, [(column, spark type)]) from schema.sql's CREATE TABLE statements."""
    out = []
    for name, body in re.findall(r'CREATE TABLE "((?:[^"]|"")+)" \((.*?)\n\);', schema_sql, re.S):
        columns = []
        for line in body.strip().split(",\n"):
            m = re.match(r'\s*"((?:[^"]|"")+)" (integer|bigint|double precision|date|text)', line)
            columns.append((m.group(1).replace('""', '"'), TYPES[m.group(2)]))
        out.append((name.replace('""', '"'), columns))
    return out


def field(value):
    if value is None:
        return ""
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


def main(triples):
    spark = (SparkSession.builder.master("local[2]").appName("scorecard-sql-check")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "4g"))
             .config("spark.sql.adaptive.enabled", "true")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    for export, script_path, out_path in triples:
        run(spark, export, script_path, out_path)
    spark.stop()


def run(spark, export, script_path, out_path):
    with open(os.path.join(export, "schema.sql"), encoding="utf-8") as f:
        for name, columns in tables(f.read()):
            schema = StructType([StructField(c, t, True) for c, t in columns])
            frame = (spark.read.option("header", True).option("multiLine", True).option("escape", '"')
                     .option("dateFormat", "yyyy-MM-dd").option("encoding", "UTF-8").option("mode", "FAILFAST")
                     .schema(schema).csv(os.path.join(export, name + ".csv")))
            frame.createOrReplaceTempView(name)
    with open(script_path, encoding="utf-8") as f:
        script = f.read()
    query = "\n".join(line for line in script.splitlines() if not line.startswith("--")).strip().rstrip(";")
    started = time.time()
    rows = spark.sql(query).collect()
    print(f"spark: {export}: {len(rows)} figures in {time.time() - started:.1f} s", flush=True)
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        f.write("measure,breakdown,period,column,numerator,denominator,value\r\n")
        for row in rows:
            f.write(",".join(field(v) for v in row) + "\r\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    main([tuple(args[i:i + 3]) for i in range(0, len(args) - 2, 3)])
