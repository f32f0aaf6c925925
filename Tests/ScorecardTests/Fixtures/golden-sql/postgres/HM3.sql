c2 AS MATERIALIZED (
  SELECT w.ws AS "_ws", w.we AS "_we", w.wy AS "_wy", t.*
  FROM sc_windows w CROSS JOIN sc_rec8 t
  WHERE (t."date" >= w.ws AND t."date" <= w.we)
),
p2 AS (
  SELECT t."_ws" AS ws, t."_we" AS we, t."_col" AS col
  FROM c2 t
  WHERE TRUE
),
h2 AS (
  SELECT ws, we, 0 AS r, col AS c FROM p2
  UNION ALL SELECT ws, we, 0, 5 FROM p2
),
a2 AS (
  SELECT ws, we, r, c, COUNT(*) AS n FROM h2 GROUP BY ws, we, r, c
),
f2 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE PRECISION) AS nd, CAST(NULL AS BIGINT) AS di, CAST(NULL AS DOUBLE PRECISION) AS dd, CAST(COALESCE(a.n, 0) AS BIGINT) AS vi, CAST(NULL AS DOUBLE PRECISION) AS vd, '' AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a2 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
