c12 AS (
  SELECT w.ws AS `_ws`, w.we AS `_we`, w.wy AS `_wy`, t.*
  FROM sc_windows w CROSS JOIN sc_rec0 t
  WHERE (t.`end` >= w.ws AND t.`end` <= w.we)
),
p12 AS (
  SELECT t.`_ws` AS ws, t.`_we` AS we, t.`_col` AS col, (CASE t.`end_reason` WHEN 'Outcomes met' THEN 1 WHEN 'Stepped up' THEN 2 WHEN 'Stepped down' THEN 3 WHEN 'Disengaged' THEN 4 WHEN 'Moved out' THEN 5 WHEN 'Consent withdrawn' THEN 6 ELSE 7 END) AS brow
  FROM c12 t
  WHERE TRUE
),
h12 AS (
  SELECT ws, we, 0 AS r, col AS c FROM p12
  UNION ALL SELECT ws, we, 0, 5 FROM p12
  UNION ALL SELECT ws, we, brow, col FROM p12 WHERE brow IS NOT NULL
  UNION ALL SELECT ws, we, brow, 5 FROM p12 WHERE brow IS NOT NULL
),
a12 AS (
  SELECT ws, we, r, c, COUNT(*) AS n FROM h12 GROUP BY ws, we, r, c
),
f12 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(NULL AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(COALESCE(a.n, 0) AS BIGINT) AS vi, CAST(NULL AS DOUBLE) AS vd, '' AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a12 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
  UNION ALL SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(COALESCE(hd.n, 0) AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(NULL AS BIGINT) AS vi, CAST(CASE WHEN COALESCE(hd.n, 0) = 0 THEN NULL ELSE CAST(COALESCE(a.n, 0) AS DOUBLE) * 100 / CAST(COALESCE(hd.n, 0) AS DOUBLE) END AS DOUBLE) AS vd, CASE WHEN COALESCE(hd.n, 0) = 0 THEN 'z' ELSE '' END AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (1), (2), (3), (4), (5), (6), (7)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a12 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
    LEFT JOIN a12 hd ON hd.ws = g.ws AND hd.we = g.we AND hd.r = 0 AND hd.c = g.c
)
