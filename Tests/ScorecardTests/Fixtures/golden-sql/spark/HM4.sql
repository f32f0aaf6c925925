c3 AS (
  SELECT w.ws AS `_ws`, w.we AS `_we`, w.wy AS `_wy`, t.*
  FROM sc_windows w CROSS JOIN sc_rec1 t
  WHERE (t.`date` >= w.ws AND t.`date` <= w.we)
),
p3 AS (
  SELECT t.`_ws` AS ws, t.`_we` AS we, t.`_col` AS col
  FROM c3 t
  WHERE TRUE
),
h3 AS (
  SELECT ws, we, 0 AS r, col AS c FROM p3
  UNION ALL SELECT ws, we, 0, 5 FROM p3
),
a3 AS (
  SELECT ws, we, r, c, COUNT(*) AS n FROM h3 GROUP BY ws, we, r, c
),
f3 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(NULL AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(COALESCE(a.n, 0) AS BIGINT) AS vi, CAST(NULL AS DOUBLE) AS vd, '' AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a3 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
