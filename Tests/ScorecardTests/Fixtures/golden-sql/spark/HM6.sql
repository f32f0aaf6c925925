c5 AS (
  SELECT w.ws AS `_ws`, w.we AS `_we`, w.wy AS `_wy`, t.*
  FROM sc_windows w CROSS JOIN sc_rec0 t
  WHERE (t.`start` <= w.we AND (t.`end` IS NULL OR t.`end` > w.we))
),
p5 AS (
  SELECT t.`_ws` AS ws, t.`_we` AS we, t.`_col` AS col, t.`person` AS dv
  FROM c5 t
  WHERE TRUE
    AND t.`person` IS NOT NULL
),
h5 AS (
  SELECT ws, we, 0 AS r, col AS c, dv FROM p5
  UNION ALL SELECT ws, we, 0, 5, dv FROM p5
),
a5 AS (
  SELECT ws, we, r, c, COUNT(*) AS n, COUNT(DISTINCT dv) AS d FROM h5 GROUP BY ws, we, r, c
),
f5 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.d, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(NULL AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(COALESCE(a.d, 0) AS BIGINT) AS vi, CAST(NULL AS DOUBLE) AS vd, '' AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a5 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
