c16 AS MATERIALIZED (
  SELECT w.ws AS "_ws", w.we AS "_we", w.wy AS "_wy", t.*
  FROM sc_windows w CROSS JOIN sc_rec0 t
  WHERE EXISTS (SELECT 1 FROM "sheet" r1 WHERE r1."case" = t."_id" AND (r1."date" >= w.ws AND r1."date" <= w.we))
),
p16 AS (
  SELECT t."_ws" AS ws, t."_we" AS we, t."_col" AS col, ((SELECT MAX(f4."total") FROM "sheet" f4 WHERE f4."_id" = l4.v) > (SELECT MAX(f5."total") FROM "sheet" f5 WHERE f5."_id" = l2.v)) AS s0
  FROM c16 t
  CROSS JOIN LATERAL (SELECT (SELECT r2."_id" FROM "sheet" r2 WHERE r2."case" = t."_id" ORDER BY r2."date" ASC NULLS FIRST, (CASE r2."stage" WHEN 'Start' THEN 0 WHEN 'Review' THEN 1 WHEN 'End' THEN 2 END) ASC NULLS FIRST, r2."_id" ASC LIMIT 1) AS v) AS l2
  CROSS JOIN LATERAL (SELECT (SELECT r3."_id" FROM "sheet" r3 WHERE r3."case" = t."_id" AND (r3."date" <= t."_we") ORDER BY r3."date" DESC NULLS LAST, (CASE r3."stage" WHEN 'Start' THEN 0 WHEN 'Review' THEN 1 WHEN 'End' THEN 2 END) DESC NULLS LAST, r3."_id" DESC LIMIT 1) AS v) AS l4
  WHERE TRUE
    AND (l2.v <> l4.v)
),
h16 AS (
  SELECT ws, we, 0 AS r, col AS c, s0 FROM p16
  UNION ALL SELECT ws, we, 0, 5, s0 FROM p16
),
a16 AS (
  SELECT ws, we, r, c, COUNT(*) AS n, COUNT(CASE WHEN s0 THEN 1 END) AS n0 FROM h16 GROUP BY ws, we, r, c
),
f16 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n0, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE PRECISION) AS nd, CAST(COALESCE(a.n, 0) AS BIGINT) AS di, CAST(NULL AS DOUBLE PRECISION) AS dd, CAST(NULL AS BIGINT) AS vi, CAST(CASE WHEN COALESCE(a.n, 0) = 0 THEN NULL ELSE CAST(COALESCE(a.n0, 0) AS DOUBLE PRECISION) * 100 / CAST(COALESCE(a.n, 0) AS DOUBLE PRECISION) END AS DOUBLE PRECISION) AS vd, CASE WHEN COALESCE(a.n, 0) = 0 THEN 'z' ELSE '' END AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a16 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
