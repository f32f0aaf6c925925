c23 AS (
  SELECT w.ws AS `_ws`, w.we AS `_we`, w.wy AS `_wy`, t.*
  FROM sc_windows w CROSS JOIN sc_rec4 t
  WHERE (t.`attached` <= w.we)
),
p23 AS (
  SELECT t.`_ws` AS ws, t.`_we` AS we, t.`_col` AS col, (CASE t.`criterion` WHEN 'Youth crime' THEN 0 WHEN 'ASB' THEN 1 WHEN 'Poor school attendance' THEN 2 WHEN 'Frequent temporary exclusions' THEN 3 WHEN 'Children not on school roll' THEN 4 WHEN 'Children who need help' THEN 5 WHEN 'Worklessness' THEN 6 WHEN 'Domestic abuse' THEN 7 WHEN 'Health' THEN 8 ELSE NULL END) AS brow, (t.`progress` <= t.`_we`) AS s1, (add_months(t.`progress`, CAST(6 AS INT)) <= t.`_we`) AS s2
  FROM c23 t
  WHERE TRUE
),
h23 AS (
  SELECT ws, we, brow AS r, col AS c, s1, s2 FROM p23 WHERE brow IS NOT NULL
  UNION ALL SELECT ws, we, brow, 5, s1, s2 FROM p23 WHERE brow IS NOT NULL
),
a23 AS (
  SELECT ws, we, r, c, COUNT(*) AS n, COUNT(CASE WHEN s1 THEN 1 END) AS n1, COUNT(CASE WHEN s2 THEN 1 END) AS n2 FROM h23 GROUP BY ws, we, r, c
),
f23 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(NULL AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(COALESCE(a.n, 0) AS BIGINT) AS vi, CAST(NULL AS DOUBLE) AS vd, '' AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a23 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
  UNION ALL SELECT g.ws, g.we, g.r, g.c, 1 AS p, CAST(COALESCE(a.n1, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(COALESCE(a.n, 0) AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(NULL AS BIGINT) AS vi, CAST(CASE WHEN COALESCE(a.n, 0) = 0 THEN NULL ELSE CAST(COALESCE(a.n1, 0) AS DOUBLE) * 100 / CAST(COALESCE(a.n, 0) AS DOUBLE) END AS DOUBLE) AS vd, CASE WHEN COALESCE(a.n, 0) = 0 THEN 'z' ELSE '' END AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a23 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
  UNION ALL SELECT g.ws, g.we, g.r, g.c, 2 AS p, CAST(COALESCE(a.n2, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(COALESCE(a.n, 0) AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(NULL AS BIGINT) AS vi, CAST(CASE WHEN COALESCE(a.n, 0) = 0 THEN NULL ELSE CAST(COALESCE(a.n2, 0) AS DOUBLE) * 100 / CAST(COALESCE(a.n, 0) AS DOUBLE) END AS DOUBLE) AS vd, CASE WHEN COALESCE(a.n, 0) = 0 THEN 'z' ELSE '' END AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a23 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
