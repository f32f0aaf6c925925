c4 AS MATERIALIZED (
  SELECT w.ws AS "_ws", w.we AS "_we", w.wy AS "_wy", t.*
  FROM sc_windows w CROSS JOIN sc_rec2 t
  WHERE (t."date" >= w.ws AND t."date" <= w.we)
),
p4 AS (
  SELECT t."_ws" AS ws, t."_we" AS we, t."_col" AS col, (CASE t."agency" WHEN 'SCHOOL' THEN 1 WHEN 'HEALTH' THEN 2 WHEN 'EARLY HELP' THEN 3 WHEN 'POLICE' THEN 4 WHEN 'VCS' THEN 5 ELSE 6 END) AS brow
  FROM c4 t
  WHERE TRUE
),
h4 AS (
  SELECT ws, we, 0 AS r, col AS c FROM p4
  UNION ALL SELECT ws, we, 0, 5 FROM p4
  UNION ALL SELECT ws, we, brow, col FROM p4 WHERE brow IS NOT NULL
  UNION ALL SELECT ws, we, brow, 5 FROM p4 WHERE brow IS NOT NULL
),
a4 AS (
  SELECT ws, we, r, c, COUNT(*) AS n FROM h4 GROUP BY ws, we, r, c
),
f4 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE PRECISION) AS nd, CAST(NULL AS BIGINT) AS di, CAST(NULL AS DOUBLE PRECISION) AS dd, CAST(COALESCE(a.n, 0) AS BIGINT) AS vi, CAST(NULL AS DOUBLE PRECISION) AS vd, '' AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a4 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
