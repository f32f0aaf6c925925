c11 AS (
  SELECT w.ws AS `_ws`, w.we AS `_we`, w.wy AS `_wy`, t.*
  FROM sc_windows w CROSS JOIN sc_rec1 t
  WHERE (t.`date` >= w.ws AND t.`date` <= w.we)
),
p11 AS (
  SELECT t.`_ws` AS ws, t.`_we` AS we, t.`_col` AS col, (t.`listened` = 'Yes') AS s0
  FROM c11 t
  WHERE TRUE
),
h11 AS (
  SELECT ws, we, 0 AS r, col AS c, s0 FROM p11
  UNION ALL SELECT ws, we, 0, 5, s0 FROM p11
),
a11 AS (
  SELECT ws, we, r, c, COUNT(*) AS n, COUNT(CASE WHEN s0 THEN 1 END) AS n0 FROM h11 GROUP BY ws, we, r, c
),
f11 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n0, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(COALESCE(a.n, 0) AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(NULL AS BIGINT) AS vi, CAST(CASE WHEN COALESCE(a.n, 0) = 0 THEN NULL ELSE CAST(COALESCE(a.n0, 0) AS DOUBLE) * 100 / CAST(COALESCE(a.n, 0) AS DOUBLE) END AS DOUBLE) AS vd, CASE WHEN COALESCE(a.n, 0) = 0 THEN 'z' ELSE '' END AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a11 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
