c0 AS MATERIALIZED (
  SELECT w.ws AS "_ws", w.we AS "_we", w.wy AS "_wy", t.*
  FROM sc_windows w CROSS JOIN sc_rec0 t
  WHERE (t."received" >= w.ws AND t."received" <= w.we)
),
p0 AS (
  SELECT t."_ws" AS ws, t."_we" AS we, t."_col" AS col, (CASE t."route" WHEN 'VCM' THEN 1 WHEN 'CSC' THEN 2 WHEN 'School' THEN 3 WHEN 'Health' THEN 4 WHEN 'Police' THEN 5 WHEN 'Self' THEN 6 WHEN 'Other' THEN 7 ELSE 8 END) AS brow
  FROM c0 t
  WHERE TRUE
),
h0 AS (
  SELECT ws, we, 0 AS r, col AS c FROM p0
  UNION ALL SELECT ws, we, 0, 5 FROM p0
  UNION ALL SELECT ws, we, brow, col FROM p0 WHERE brow IS NOT NULL
  UNION ALL SELECT ws, we, brow, 5 FROM p0 WHERE brow IS NOT NULL
),
a0 AS (
  SELECT ws, we, r, c, COUNT(*) AS n FROM h0 GROUP BY ws, we, r, c
),
f0 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE PRECISION) AS nd, CAST(NULL AS BIGINT) AS di, CAST(NULL AS DOUBLE PRECISION) AS dd, CAST(COALESCE(a.n, 0) AS BIGINT) AS vi, CAST(NULL AS DOUBLE PRECISION) AS vd, '' AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a0 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
