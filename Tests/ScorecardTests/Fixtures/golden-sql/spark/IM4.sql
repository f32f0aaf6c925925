c19 AS (
  SELECT w.ws AS `_ws`, w.we AS `_we`, w.wy AS `_wy`, t.*
  FROM sc_windows w CROSS JOIN sc_rec3 t
  WHERE (t.`start` <= w.we AND (t.`end` IS NULL OR t.`end` > w.we))
),
p19 AS (
  SELECT t.`_ws` AS ws, t.`_we` AS we, t.`_col` AS col, t.`child` AS dv
  FROM c19 t
  WHERE TRUE
    AND (t.`type` = 'CPP')
    AND t.`child` IS NOT NULL
),
h19 AS (
  SELECT ws, we, 0 AS r, col AS c, dv FROM p19
  UNION ALL SELECT ws, we, 0, 5, dv FROM p19
),
a19 AS (
  SELECT ws, we, r, c, COUNT(*) AS n, COUNT(DISTINCT dv) AS d FROM h19 GROUP BY ws, we, r, c
),
ref19 AS (
  SELECT ws, we, MAX(CASE WHEN c = 0 THEN v END) AS v0, MAX(CASE WHEN c = 1 THEN v END) AS v1, MAX(CASE WHEN c = 2 THEN v END) AS v2, MAX(CASE WHEN c = 3 THEN v END) AS v3 FROM (
    SELECT w.ws, w.we, t.`_col` AS c, CAST(t.`children` AS DOUBLE) AS v,
           ROW_NUMBER() OVER (PARTITION BY w.ws, w.we, t.`_col` ORDER BY t.`_id`) AS k
      FROM sc_windows w JOIN sc_rec5 t ON t.`_col` < 4 AND t.`children` IS NOT NULL AND (t.`year` <=> CAST(year(make_date(CAST(CAST(year(w.we) AS BIGINT) - CASE WHEN CAST(month(w.we) AS BIGINT) < 4 THEN 1 ELSE 0 END AS INT), CAST(4 AS INT), CAST(1 AS INT))) AS BIGINT))
  ) AS x WHERE k = 1 GROUP BY ws, we
),
f19 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.d, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(CASE WHEN g.c = 4 THEN NULL ELSE (CASE WHEN g.c = 5 THEN CASE WHEN rf.v0 IS NULL OR rf.v1 IS NULL OR rf.v2 IS NULL OR rf.v3 IS NULL THEN NULL ELSE ((((CAST(0.0 AS DOUBLE) + COALESCE(rf.v0, 0)) + COALESCE(rf.v1, 0)) + COALESCE(rf.v2, 0)) + COALESCE(rf.v3, 0)) END WHEN g.c = 0 THEN rf.v0 WHEN g.c = 1 THEN rf.v1 WHEN g.c = 2 THEN rf.v2 WHEN g.c = 3 THEN rf.v3 END) END AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(NULL AS BIGINT) AS vi, CAST(CASE WHEN g.c = 4 OR (CASE WHEN g.c = 5 THEN CASE WHEN rf.v0 IS NULL OR rf.v1 IS NULL OR rf.v2 IS NULL OR rf.v3 IS NULL THEN NULL ELSE ((((CAST(0.0 AS DOUBLE) + COALESCE(rf.v0, 0)) + COALESCE(rf.v1, 0)) + COALESCE(rf.v2, 0)) + COALESCE(rf.v3, 0)) END WHEN g.c = 0 THEN rf.v0 WHEN g.c = 1 THEN rf.v1 WHEN g.c = 2 THEN rf.v2 WHEN g.c = 3 THEN rf.v3 END) IS NULL OR (CASE WHEN g.c = 5 THEN CASE WHEN rf.v0 IS NULL OR rf.v1 IS NULL OR rf.v2 IS NULL OR rf.v3 IS NULL THEN NULL ELSE ((((CAST(0.0 AS DOUBLE) + COALESCE(rf.v0, 0)) + COALESCE(rf.v1, 0)) + COALESCE(rf.v2, 0)) + COALESCE(rf.v3, 0)) END WHEN g.c = 0 THEN rf.v0 WHEN g.c = 1 THEN rf.v1 WHEN g.c = 2 THEN rf.v2 WHEN g.c = 3 THEN rf.v3 END) = 0 THEN NULL ELSE CAST(COALESCE(a.d, 0) AS DOUBLE) * CAST(10000.0 AS DOUBLE) / (CASE WHEN g.c = 5 THEN CASE WHEN rf.v0 IS NULL OR rf.v1 IS NULL OR rf.v2 IS NULL OR rf.v3 IS NULL THEN NULL ELSE ((((CAST(0.0 AS DOUBLE) + COALESCE(rf.v0, 0)) + COALESCE(rf.v1, 0)) + COALESCE(rf.v2, 0)) + COALESCE(rf.v3, 0)) END WHEN g.c = 0 THEN rf.v0 WHEN g.c = 1 THEN rf.v1 WHEN g.c = 2 THEN rf.v2 WHEN g.c = 3 THEN rf.v3 END) END AS DOUBLE) AS vd, CASE WHEN g.c = 4 THEN 'z' WHEN (CASE WHEN g.c = 5 THEN CASE WHEN rf.v0 IS NULL OR rf.v1 IS NULL OR rf.v2 IS NULL OR rf.v3 IS NULL THEN NULL ELSE ((((CAST(0.0 AS DOUBLE) + COALESCE(rf.v0, 0)) + COALESCE(rf.v1, 0)) + COALESCE(rf.v2, 0)) + COALESCE(rf.v3, 0)) END WHEN g.c = 0 THEN rf.v0 WHEN g.c = 1 THEN rf.v1 WHEN g.c = 2 THEN rf.v2 WHEN g.c = 3 THEN rf.v3 END) IS NULL THEN 'x' WHEN (CASE WHEN g.c = 5 THEN CASE WHEN rf.v0 IS NULL OR rf.v1 IS NULL OR rf.v2 IS NULL OR rf.v3 IS NULL THEN NULL ELSE ((((CAST(0.0 AS DOUBLE) + COALESCE(rf.v0, 0)) + COALESCE(rf.v1, 0)) + COALESCE(rf.v2, 0)) + COALESCE(rf.v3, 0)) END WHEN g.c = 0 THEN rf.v0 WHEN g.c = 1 THEN rf.v1 WHEN g.c = 2 THEN rf.v2 WHEN g.c = 3 THEN rf.v3 END) = 0 THEN 'z' ELSE '' END AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a19 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
    LEFT JOIN ref19 rf ON rf.ws = g.ws AND rf.we = g.we
)
