c16 AS (
  SELECT w.ws AS `_ws`, w.we AS `_we`, w.wy AS `_wy`, t.*
  FROM sc_windows w CROSS JOIN sc_rec0 t
  WHERE EXISTS (SELECT 1 FROM `sheet` r1 WHERE r1.`case` = t.`_id` AND (r1.`date` >= w.ws AND r1.`date` <= w.we))
),
p16 AS (
  SELECT t.`_ws` AS ws, t.`_we` AS we, t.`_col` AS col, ((SELECT max_by(r6.`total`, struct(r6.`date`, (CASE r6.`stage` WHEN 'Start' THEN 0 WHEN 'Review' THEN 1 WHEN 'End' THEN 2 END), r6.`_id`)) FROM `sheet` r6 WHERE r6.`case` = t.`_id` AND (r6.`date` <= t.`_we`)) > (SELECT min_by(r7.`total`, struct(r7.`date`, (CASE r7.`stage` WHEN 'Start' THEN 0 WHEN 'Review' THEN 1 WHEN 'End' THEN 2 END), r7.`_id`)) FROM `sheet` r7 WHERE r7.`case` = t.`_id`)) AS s0
  FROM c16 t
  WHERE TRUE
    AND ((SELECT min_by(r4.`_id`, struct(r4.`date`, (CASE r4.`stage` WHEN 'Start' THEN 0 WHEN 'Review' THEN 1 WHEN 'End' THEN 2 END), r4.`_id`)) FROM `sheet` r4 WHERE r4.`case` = t.`_id`) <> (SELECT max_by(r5.`_id`, struct(r5.`date`, (CASE r5.`stage` WHEN 'Start' THEN 0 WHEN 'Review' THEN 1 WHEN 'End' THEN 2 END), r5.`_id`)) FROM `sheet` r5 WHERE r5.`case` = t.`_id` AND (r5.`date` <= t.`_we`)))
),
h16 AS (
  SELECT ws, we, 0 AS r, col AS c, s0 FROM p16
  UNION ALL SELECT ws, we, 0, 5, s0 FROM p16
),
a16 AS (
  SELECT ws, we, r, c, COUNT(*) AS n, COUNT(CASE WHEN s0 THEN 1 END) AS n0 FROM h16 GROUP BY ws, we, r, c
),
f16 AS (
  SELECT g.ws, g.we, g.r, g.c, 0 AS p, CAST(COALESCE(a.n0, 0) AS BIGINT) AS ni, CAST(NULL AS DOUBLE) AS nd, CAST(COALESCE(a.n, 0) AS BIGINT) AS di, CAST(NULL AS DOUBLE) AS dd, CAST(NULL AS BIGINT) AS vi, CAST(CASE WHEN COALESCE(a.n, 0) = 0 THEN NULL ELSE CAST(COALESCE(a.n0, 0) AS DOUBLE) * 100 / CAST(COALESCE(a.n, 0) AS DOUBLE) END AS DOUBLE) AS vd, CASE WHEN COALESCE(a.n, 0) = 0 THEN 'z' ELSE '' END AS sym
    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES (0)) AS rr(r) CROSS JOIN sc_columns cc) AS g
    LEFT JOIN a16 a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
)
