#!/usr/bin/env python3
"""DuckDB's side of `make bench`: HM1 (with its route rows), HM2, HW2 and IM1, written
independently of Scorecard in DuckDB SQL over the same CSV extracts.

    duckdb_measures.py DATA_DIR AS_AT OUT.csv

Every rule is SQL (/work/shared/spec/FRAMEWORK.md and EXTRACTS.md); Python only reads the
arguments, runs the statements in order, times them and writes the rows it is handed in the
long-table format `measure,breakdown,period,column,numerator,denominator,value`.
Every month, financial-year quarter and financial year from April 2014 whose last day is
on or before AS_AT; columns: the four localities, "Locality not recorded" and City.

Prints the wall time of the SQL work (connect → last row fetched), not Python's start-up
or the import of duckdb. Standard library + duckdb only; an in-memory database with
DuckDB's default threads.
"""
import datetime
import os
import shutil
import sys
import tempfile
import time

LOCALITIES = ["North & Riverside", "East/West", "Coalfields", "City Centre"]
COLUMNS = LOCALITIES + ["Locality not recorded", "City"]
ROUTES = ["VCM", "CSC", "School", "Health", "Police", "Self", "Other"]


def quoted(text):
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def statements(data_dir, as_at, scratch):
    """The whole computation, one statement per rule, in the order they run."""
    path = {name: quoted(os.path.join(data_dir, name)) for name in
            ("mat_cases.csv", "ehm_episodes.csv", "person_xref.csv", "spider_scores.csv")}
    mat_utf8 = quoted(os.path.join(scratch, "mat_cases.utf8.csv"))
    return [
        # ---------------------------------------------------------------- run settings
        f"SET VARIABLE as_at = DATE '{as_at.isoformat()}'",
        # Anything spilled to disk goes to the scratch folder, not to ./.tmp.
        f"SET temp_directory = {quoted(scratch)}",

        # ---------------------------------------------------------------- helpers
        # FRAMEWORK "Matching codes and names": ignore case, spaces at either end and runs of
        # spaces inside (read as one); a space inside a code still matters. Fields are trimmed
        # of spaces and tabs at either end, as a field reader would.
        r"""CREATE MACRO code_key(s) AS lower(regexp_replace(trim(s, ' ' || chr(9)), ' +', ' ', 'g'))""",
        # A field holding nothing but spaces is blank (EXTRACTS: "blank means none").
        r"""CREATE MACRO blank(s) AS coalesce(trim(s, ' ' || chr(9)) = '', true)""",
        r"""CREATE MACRO text_key(s) AS nullif(trim(s, ' ' || chr(9)), '')""",
        # FRAMEWORK "Dates match their layout exactly": yyyymmdd is eight digits, dd/mm/yyyy
        # two-digit day and month and a four-digit year; anything else, or a day that does not
        # exist (31/02/2015), is unreadable (NULL). The pattern check matters: strptime alone
        # reads '2015031' as 1 March 2015 and '1/2/2015' as 1 February 2015.
        r"""CREATE MACRO yyyymmdd(s) AS
              CASE WHEN regexp_full_match(s, '[0-9]{8}') THEN try_strptime(s, '%Y%m%d')::DATE END""",
        r"""CREATE MACRO ddmmyyyy(s) AS
              CASE WHEN regexp_full_match(s, '[0-9]{2}/[0-9]{2}/[0-9]{4}') THEN try_strptime(s, '%d/%m/%Y')::DATE END""",
        # A whole number, optionally signed, or NULL.
        r"""CREATE MACRO whole_number(s) AS
              CASE WHEN regexp_full_match(text_key(s), '[+-]?[0-9]{1,18}') THEN text_key(s)::BIGINT END""",
        # FRAMEWORK "Rejected": a date that is present but cannot be read.
        r"""CREATE MACRO unreadable(s, d) AS NOT blank(s) AND d IS NULL""",
        # FRAMEWORK "Periods": a date lies in one month ('2016-11'), one financial-year quarter
        # (Q1 = April–June, '2016-17 Q3') and one financial year ('2016-17').
        r"""CREATE MACRO fy_first_year(d) AS year(d) - CASE WHEN month(d) < 4 THEN 1 ELSE 0 END""",
        r"""CREATE MACRO fy_label(d) AS
              fy_first_year(d)::VARCHAR || '-' || lpad(((fy_first_year(d) + 1) % 100)::VARCHAR, 2, '0')""",
        r"""CREATE MACRO period_labels(d) AS
              [strftime(d, '%Y-%m'), fy_label(d) || ' Q' || ((month(d) + 8) % 12 // 3 + 1)::VARCHAR, fy_label(d)]""",

        # ---------------------------------------------------------------- reference: codes
        # EXTRACTS, locality table: what MAT and EHM call the four localities.
        r"""CREATE TABLE locality_codes AS
            SELECT system, code_key(spelling) AS code, locality FROM (VALUES
              ('MAT', 'NR', 'North & Riverside'), ('MAT', 'EW', 'East/West'),
              ('MAT', 'CF', 'Coalfields'),        ('MAT', 'CC', 'City Centre'),
              ('EHM', 'North & Riverside Locality', 'North & Riverside'),
              ('EHM', 'East/West Locality', 'East/West'),
              ('EHM', 'Coalfields Locality', 'Coalfields'),
              ('EHM', 'City Centre Locality', 'City Centre')) t(system, spelling, locality)""",
        # EXTRACTS §1 ROUTE and §2 Request Source, to FRAMEWORK's canonical routes (with the
        # curly-apostrophe spellings metrics/codes/cases.codes also accepts; none occur in the data).
        r"""CREATE TABLE route_codes AS
            SELECT system, code_key(spelling) AS code, route FROM (VALUES
              ('MAT', 'VCM', 'VCM'), ('MAT', 'CSC', 'CSC'), ('MAT', 'SCHOOL', 'School'),
              ('MAT', 'HEALTH', 'Health'), ('MAT', 'POLICE', 'Police'), ('MAT', 'SELF', 'Self'),
              ('MAT', 'OTHER', 'Other'),
              ('EHM', 'Vulnerable Children''s Meeting', 'VCM'), ('EHM', 'Vulnerable Children’s Meeting', 'VCM'),
              ('EHM', 'Children''s Social Care', 'CSC'), ('EHM', 'Children’s Social Care', 'CSC'),
              ('EHM', 'School', 'School'), ('EHM', 'Health', 'Health'), ('EHM', 'Police', 'Police'),
              ('EHM', 'Self/Family', 'Self'), ('EHM', 'Other', 'Other')) t(system, spelling, route)""",
        # EXTRACTS §6: stages order a case's sheets on one date (Start < Review < End); the domains.
        r"""CREATE TABLE stages AS
            SELECT code_key(stage) AS code, stage, rank FROM (VALUES ('Start', 1), ('Review', 2), ('End', 3)) t(stage, rank)""",
        r"""CREATE TABLE domains AS
            SELECT code_key(domain) AS code, domain FROM (VALUES ('Routines'), ('Parenting'), ('Confidence'),
              ('Health'), ('Education'), ('Relationships'), ('Home Conditions'), ('Finances')) t(domain)""",

        # ---------------------------------------------------------------- reading the extracts
        # EXTRACTS §1: mat_cases.csv is Windows-1252. This DuckDB reads only UTF-8, UTF-16 and
        # Latin-1 without the `encodings` extension (which cannot be downloaded here), and its
        # Latin-1 decoder refuses bytes 0x80-0x9F (the curly apostrophe is 0x92). So the file's
        # bytes are transcoded to UTF-8 in SQL and handed to the same CSV reader:
        # a BLOB cast to VARCHAR writes every byte outside printable ASCII, and '\' itself, as
        # \xHH, so each \xHH is exactly one byte of the file; it becomes its Windows-1252 character.
        r"""CREATE MACRO cp1252_char(b) AS chr(CASE WHEN b BETWEEN 128 AND 159 THEN
              [8364, 129, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 141, 381, 143,
               144, 8216, 8217, 8220, 8221, 8226, 8211, 8212, 732, 8482, 353, 8250, 339, 157, 382, 376][b - 127]
              ELSE b END)""",
        r"""CREATE MACRO unescape_cp1252(s) AS CASE WHEN NOT contains(s, '\x') THEN s ELSE
              array_to_string(list_transform(string_split(s, '\x'), lambda part, i:
                CASE WHEN i = 1 THEN part ELSE cp1252_char(('0x' || part[1:2])::INTEGER) || part[3:] END), '')
            END""",
        # Split at CRLF only to work on lines in parallel; they are joined again with CRLF, so a
        # quoted line break (none occur in MAT) would survive.
        r"""CREATE TEMP TABLE mat_lines AS
            SELECT n, unescape_cp1252(line) AS line
            FROM (SELECT unnest(lines) AS line, generate_subscripts(lines, 1) AS n
                  FROM (SELECT string_split(content::VARCHAR, '\x0D\x0A') AS lines
                        FROM read_blob(""" + path["mat_cases.csv"] + r""")))""",
        r"""COPY (SELECT line FROM mat_lines
                  WHERE n < (SELECT max(n) FROM mat_lines) OR line <> ''   -- the split after the last CRLF
                  ORDER BY n)
            TO """ + mat_utf8 + r""" (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', NEW_LINE '\r\n')""",
        # EXTRACTS §1 layout: `;`, header, CRLF, `"` only when needed. Every field is text here;
        # the rules below read it. A table keeps file order: rowid is the row's place in the file.
        # strict_mode = false with every CRLF file: DuckDB 2.0.1 given new_line = '\r\n' and
        # strict_mode = true silently returns no rows at all, even for a three-line CRLF file.
        r"""CREATE TABLE mat_raw AS
            SELECT * FROM read_csv(""" + mat_utf8 + r""", auto_detect = false, header = true, delim = ';',
              quote = '"', escape = '"', new_line = '\r\n', encoding = 'utf-8', strict_mode = false,
              columns = {'CASE_REF': 'VARCHAR', 'CLIENT_NO': 'VARCHAR', 'FAMILY_NO': 'VARCHAR',
                         'LOC_CODE': 'VARCHAR', 'ROUTE': 'VARCHAR', 'OPENED': 'VARCHAR',
                         'ASSESS_DT': 'VARCHAR', 'CLOSED': 'VARCHAR', 'CLOSE_RSN': 'VARCHAR',
                         'LEAD_AGENCY': 'VARCHAR'})""",
        # EXTRACTS §2: UTF-8 with a BOM (the header line is skipped whole), `,`, CRLF, RFC 4180
        # Notes with commas, doubled quotes and line breaks (CRLF and bare LF) inside quotes.
        r"""CREATE TABLE ehm_raw AS
            SELECT "Episode ID" AS episode_id, "Person ID" AS person_id, "Legacy Case Ref" AS legacy_ref,
                   "Request Received" AS received, "Request Source" AS source, "Locality Team" AS team,
                   "Episode Start" AS start, "Assessment Completed" AS assessed, "Episode End" AS ended
            FROM read_csv(""" + path["ehm_episodes.csv"] + r""", auto_detect = false, header = true, delim = ',',
              quote = '"', escape = '"', new_line = '\r\n', encoding = 'utf-8', strict_mode = false,
              columns = {'Episode ID': 'VARCHAR', 'Person ID': 'VARCHAR', 'Family ID': 'VARCHAR',
                         'Legacy Case Ref': 'VARCHAR', 'Request Received': 'VARCHAR',
                         'Request Source': 'VARCHAR', 'Locality Team': 'VARCHAR',
                         'Episode Start': 'VARCHAR', 'Assessment Completed': 'VARCHAR',
                         'Episode End': 'VARCHAR', 'End Reason': 'VARCHAR',
                         'Lead Professional Agency': 'VARCHAR', 'Notes': 'VARCHAR'})""",
        # EXTRACTS §3: UTF-8, `,`, header, LF.
        r"""CREATE TABLE xref_raw AS
            SELECT * FROM read_csv(""" + path["person_xref.csv"] + r""", auto_detect = false, header = true,
              delim = ',', quote = '"', escape = '"', new_line = '\n', encoding = 'utf-8',
              columns = {'system': 'VARCHAR', 'local_id': 'VARCHAR', 'person_uid': 'VARCHAR'})""",
        # EXTRACTS §6: UTF-8, `,`, header, LF.
        r"""CREATE TABLE spider_raw AS
            SELECT * FROM read_csv(""" + path["spider_scores.csv"] + r""", auto_detect = false, header = true,
              delim = ',', quote = '"', escape = '"', new_line = '\n', encoding = 'utf-8',
              columns = {'Case Ref': 'VARCHAR', 'Stage': 'VARCHAR', 'Date': 'VARCHAR',
                         'Domain': 'VARCHAR', 'Score': 'VARCHAR'})""",

        # ---------------------------------------------------------------- cases
        # FRAMEWORK "Rejected", MAT rows: a missing key; OPENED (received and start) missing or
        # unreadable; ASSESS_DT or CLOSED present but unreadable; closed before opened; opened
        # after the as-at date. The first rule a row breaks is its reason.
        r"""CREATE TABLE mat_checked AS
            SELECT rowid AS file_row, text_key(CASE_REF) AS id, text_key(CLIENT_NO) AS local_person,
                   LOC_CODE AS locality_code, ROUTE AS route_code,
                   yyyymmdd(OPENED) AS opened, yyyymmdd(CLOSED) AS closed,
                   CASE WHEN blank(CASE_REF) THEN 'missing CASE_REF'
                        WHEN blank(OPENED) THEN 'missing OPENED'
                        WHEN unreadable(OPENED, yyyymmdd(OPENED)) THEN 'unreadable OPENED'
                        WHEN unreadable(ASSESS_DT, yyyymmdd(ASSESS_DT)) THEN 'unreadable ASSESS_DT'
                        WHEN unreadable(CLOSED, yyyymmdd(CLOSED)) THEN 'unreadable CLOSED'
                        WHEN yyyymmdd(CLOSED) < yyyymmdd(OPENED) THEN 'end before start'
                        WHEN yyyymmdd(OPENED) > getvariable('as_at') THEN 'received after the as-at date'
                   END AS rejected
            FROM mat_raw""",
        # FRAMEWORK "Rejected", EHM rows: the same, with received and start both required and
        # neither after the as-at date; the end is checked against the start.
        r"""CREATE TABLE ehm_checked AS
            SELECT rowid AS file_row, text_key(episode_id) AS id, text_key(person_id) AS local_person,
                   text_key(legacy_ref) AS legacy_ref, team AS locality_code, source AS route_code,
                   ddmmyyyy(received) AS received, ddmmyyyy(start) AS start, ddmmyyyy(ended) AS ended,
                   CASE WHEN blank(episode_id) THEN 'missing Episode ID'
                        WHEN blank(received) THEN 'missing Request Received'
                        WHEN unreadable(received, ddmmyyyy(received)) THEN 'unreadable Request Received'
                        WHEN blank(start) THEN 'missing Episode Start'
                        WHEN unreadable(start, ddmmyyyy(start)) THEN 'unreadable Episode Start'
                        WHEN unreadable(assessed, ddmmyyyy(assessed)) THEN 'unreadable Assessment Completed'
                        WHEN unreadable(ended, ddmmyyyy(ended)) THEN 'unreadable Episode End'
                        WHEN ddmmyyyy(ended) < ddmmyyyy(start) THEN 'end before start'
                        WHEN ddmmyyyy(received) > getvariable('as_at') THEN 'received after the as-at date'
                        WHEN ddmmyyyy(start) > getvariable('as_at') THEN 'start after the as-at date'
                   END AS rejected
            FROM ehm_raw""",
        # FRAMEWORK "Rejected": a later row with the key of an earlier accepted row, whatever its
        # content: the first in file order stands.
        r"""CREATE TABLE mat_accepted AS
            SELECT DISTINCT ON (id) * FROM mat_checked WHERE rejected IS NULL ORDER BY id, file_row""",
        r"""CREATE TABLE ehm_accepted AS
            SELECT DISTINCT ON (id) * FROM ehm_checked WHERE rejected IS NULL ORDER BY id, file_row""",
        # FRAMEWORK "Records after import" and "First stands": an accepted MAT case named in an
        # accepted episode's Legacy Case Ref is superseded by the first such episode in file
        # order. A MAT case whose only successor was rejected has none here, and stands.
        r"""CREATE TABLE superseded AS
            SELECT m.id AS mat_id, arg_min(e.id, e.file_row) AS episode_id
            FROM mat_accepted m JOIN ehm_accepted e ON e.legacy_ref = m.id
            GROUP BY m.id""",
        # EXTRACTS §3: one person_uid per system and local id; rows may repeat (the first stands);
        # a row missing any of its three values says nothing.
        r"""CREATE TABLE person_index AS
            SELECT upper(text_key(system)) AS system, text_key(local_id) AS local_id,
                   arg_min(text_key(person_uid), rowid) AS person_uid
            FROM xref_raw
            WHERE NOT (blank(system) OR blank(local_id) OR blank(person_uid))
            GROUP BY 1, 2""",
        # FRAMEWORK "Records after import": the cases are the accepted episodes and the accepted
        # MAT cases no episode supersedes (received = start = OPENED for MAT). Person through
        # the index, else SYSTEM:local_id; locality and route in canonical form, or not recorded.
        r"""CREATE TABLE cases AS
            WITH imported AS (
              SELECT id, 'EHM' AS system, local_person, locality_code, route_code, received, start, ended
              FROM ehm_accepted
              UNION ALL
              SELECT id, 'MAT', local_person, locality_code, route_code, opened, opened, closed
              FROM mat_accepted m
              WHERE NOT EXISTS (SELECT 1 FROM superseded s WHERE s.mat_id = m.id))
            SELECT c.id,
                   CASE WHEN c.local_person IS NOT NULL
                        THEN coalesce(x.person_uid, c.system || ':' || c.local_person) END AS person,
                   coalesce(l.locality, 'Locality not recorded') AS locality,
                   coalesce(r.route, 'Not recorded') AS route,
                   c.received, c.start, c.ended
            FROM imported c
            LEFT JOIN person_index x ON x.system = c.system AND x.local_id = c.local_person
            LEFT JOIN locality_codes l ON l.system = c.system AND l.code = code_key(c.locality_code)
            LEFT JOIN route_codes r ON r.system = c.system AND r.code = code_key(c.route_code)""",
        # FRAMEWORK "Columns": a record counts in its locality's column (or Locality not recorded)
        # and in City, which is computed from all records, never by adding columns up.
        r"""CREATE VIEW case_columns AS
            SELECT c.*, k.col FROM cases c, unnest([c.locality, 'City']) AS k(col)""",

        # ---------------------------------------------------------------- periods
        # FRAMEWORK "Periods": every month, financial-year quarter and financial year from April
        # 2014 whose last day is on or before the as-at date; sort keys give the long table's order.
        r"""CREATE TABLE periods AS
            WITH months AS (
              SELECT m::DATE AS first
              FROM range(TIMESTAMP '2014-04-01', getvariable('as_at') + INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m)),
            spans AS (
              SELECT first, (first + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE AS last, 0 AS kind, period_labels(first)[3] AS label
              FROM months WHERE month(first) = 4
              UNION ALL
              SELECT first, (first + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE, 1, period_labels(first)[2]
              FROM months WHERE month(first) IN (4, 7, 10, 1)
              UNION ALL
              SELECT first, last_day(first), 2, period_labels(first)[1] FROM months)
            SELECT label, first, last, fy_first_year(first) AS fy, kind FROM spans
            WHERE last <= getvariable('as_at')""",
        r"""CREATE TABLE report_columns AS
            SELECT * FROM (VALUES """ + ", ".join(f"({quoted(c)}, {i})" for i, c in enumerate(COLUMNS)) + r""") t(col, col_order)""",

        # ---------------------------------------------------------------- HM1, HM2, HW2
        # HM1 "New requests for support": cases received in the period, each route and Not
        # recorded, and the headline (its own grouping set, not a sum of rows). Labels of
        # periods not yet complete at the as-at date find no row in the grid below and drop out.
        r"""CREATE TABLE hm1_counts AS
            SELECT period, col, coalesce(route, '') AS breakdown, count(*) AS n
            FROM (SELECT col, route, unnest(period_labels(received)) AS period FROM case_columns)
            GROUP BY GROUPING SETS ((period, col, route), (period, col))""",
        # HM2 "Open cases": open at the period end D means start <= D and (no end, or end > D).
        r"""CREATE TABLE hm2_counts AS
            SELECT p.label AS period, c.col, count(*) AS n
            FROM case_columns c JOIN periods p
              ON c.start <= p.last AND coalesce(c.ended, DATE '9999-12-31') > p.last
            GROUP BY ALL""",
        # HW2 "Re-referrals within 3 months": a case whose person had a *different* case that ended
        # on or before this case's received date and no earlier than 3 calendar months before it
        # (DuckDB's month arithmetic clamps: 31 May - 3 months = 28 or 29 February).
        r"""CREATE TABLE rereferral AS
            SELECT c.id, EXISTS (
                SELECT 1 FROM cases o
                WHERE o.person = c.person AND o.id <> c.id
                  AND o.ended <= c.received AND o.ended >= (c.received - INTERVAL 3 MONTH)::DATE
              ) AS within_3_months
            FROM cases c""",
        # HW2: of cases received in the period, how many were re-referrals.
        r"""CREATE TABLE hw2_counts AS
            SELECT period, col, count(*) FILTER (WHERE within_3_months) AS numerator, count(*) AS denominator
            FROM (SELECT c.col, r.within_3_months, unnest(period_labels(c.received)) AS period
                  FROM case_columns c JOIN rereferral r USING (id))
            GROUP BY ALL""",

        # ---------------------------------------------------------------- spider sheets, IM1
        # FRAMEWORK "Rows an extract holds that cannot be used": a sheet filed under the MAT ref
        # of a migrated case belongs to the EHM episode that names that ref, even when the MAT
        # row itself was rejected. So an accepted episode's Legacy Case Ref that no accepted
        # case holds (and that supersedes nothing) still means that episode, the first in file order.
        r"""CREATE TABLE adopted AS
            SELECT e.legacy_ref AS ref, arg_min(e.id, e.file_row) AS episode_id
            FROM ehm_accepted e
            WHERE e.legacy_ref IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.legacy_ref)
              AND NOT EXISTS (SELECT 1 FROM superseded s WHERE s.mat_id = e.legacy_ref)
            GROUP BY e.legacy_ref""",
        # EXTRACTS §6 and FRAMEWORK "Records after import": a Case Ref is an accepted case's own
        # MAT CASE_REF or EHM Episode ID, or a superseded (or adopted) MAT CASE_REF, which means its episode.
        r"""CREATE TABLE case_refs AS
            SELECT id AS ref, id AS case_id FROM cases
            UNION ALL
            SELECT mat_id, episode_id FROM superseded
            UNION ALL
            SELECT ref, episode_id FROM adopted""",
        # Speed only: the spider extract repeats a few thousand dates and a handful of stages,
        # domains and scores, so each distinct text is read once and joined back by its raw text.
        r"""CREATE TABLE spider_dates AS
            SELECT text, ddmmyyyy(text) AS sheet_date FROM (SELECT DISTINCT "Date" AS text FROM spider_raw)""",
        r"""CREATE TABLE spider_stages AS
            SELECT t.text, st.stage, st.rank
            FROM (SELECT DISTINCT "Stage" AS text FROM spider_raw) t LEFT JOIN stages st ON st.code = code_key(t.text)""",
        r"""CREATE TABLE spider_domains AS
            SELECT t.text, d.domain
            FROM (SELECT DISTINCT "Domain" AS text FROM spider_raw) t LEFT JOIN domains d ON d.code = code_key(t.text)""",
        r"""CREATE TABLE spider_scores AS
            SELECT text, whole_number(text) AS score FROM (SELECT DISTINCT "Score" AS text FROM spider_raw)""",
        # FRAMEWORK "Rejected", spider rows: a missing, unknown or rejected case; a stage that is
        # not Start/Review/End or a domain not among the eight (both matched as codes); a sheet
        # date missing, unreadable or after the as-at date; a score that is not a whole number
        # from 1 to 10.
        r"""CREATE VIEW spider_checked AS
            SELECT s.rowid AS file_row, r.case_id, st.stage, st.rank AS stage_rank, dt.sheet_date, dm.domain, sc.score,
                   CASE WHEN r.case_id IS NULL THEN
                          CASE WHEN blank(s."Case Ref") THEN 'missing Case Ref' ELSE 'unknown or rejected case' END
                        WHEN st.stage IS NULL THEN 'stage is not Start, Review or End'
                        WHEN dt.sheet_date IS NULL THEN
                          CASE WHEN blank(s."Date") THEN 'missing Date' ELSE 'unreadable Date' END
                        WHEN dm.domain IS NULL THEN 'unknown domain'
                        WHEN coalesce(sc.score NOT BETWEEN 1 AND 10, true) THEN 'score is not a whole number from 1 to 10'
                        WHEN dt.sheet_date > getvariable('as_at') THEN 'sheet dated after the as-at date'
                   END AS rejected
            FROM spider_raw s
            LEFT JOIN case_refs r ON r.ref = text_key(s."Case Ref")
            LEFT JOIN spider_stages st ON st.text = s."Stage"
            LEFT JOIN spider_dates dt ON dt.text = s."Date"
            LEFT JOIN spider_domains dm ON dm.text = s."Domain"
            LEFT JOIN spider_scores sc ON sc.text = s."Score"
        """,
        # FRAMEWORK "Rejected": a domain scored again on the same sheet (case, stage, date, with
        # MAT refs already read as their episodes): the first score in file order stands.
        # EXTRACTS §6: a sheet is all rows with the same case, stage and date; its total is the
        # sum of its scores.
        r"""CREATE TABLE sheets AS
            SELECT case_id, stage_rank, sheet_date, sum(score) AS total,
                   {'date': sheet_date, 'stage': stage_rank} AS sheet_order
            FROM (SELECT case_id, stage_rank, sheet_date, domain, arg_min(score, file_row) AS score
                  FROM spider_checked WHERE rejected IS NULL
                  GROUP BY case_id, stage_rank, sheet_date, domain)
            GROUP BY case_id, stage_rank, sheet_date""",
        # IM1: each case's first sheet ever, in order of date, then Start < Review < End.
        r"""CREATE TABLE opening_sheet AS
            SELECT case_id, min(sheet_order) AS sheet_order, arg_min(total, sheet_order) AS total
            FROM sheets GROUP BY case_id""",
        # IM1: for each case with a sheet dated in the period, its latest sheet dated on or before
        # the period end. That is its last sheet dated in the period: any later sheet on or before
        # the period end would be dated in the period too.
        r"""CREATE TABLE latest_sheet AS
            SELECT case_id, period, max(sheet_order) AS sheet_order, arg_max(total, sheet_order) AS total
            FROM (SELECT *, unnest(period_labels(sheet_date)) AS period FROM sheets)
            GROUP BY case_id, period""",
        # IM1 "Spider graphs improving": cases whose first sheet is also their latest are left out;
        # of the rest, those whose latest total is higher. A sheet's column is its case's locality.
        r"""CREATE TABLE im1_counts AS
            SELECT l.period, c.col,
                   count(*) FILTER (WHERE l.total > o.total) AS numerator, count(*) AS denominator
            FROM latest_sheet l
            JOIN opening_sheet o USING (case_id)
            JOIN case_columns c ON c.id = l.case_id
            WHERE l.sheet_order <> o.sheet_order
            GROUP BY ALL""",

        # ---------------------------------------------------------------- the long table
        # FRAMEWORK "The long table": a row for every measure, breakdown, period and column, zero
        # when nothing counted; a count has no denominator; a share is numerator * 100 /
        # denominator, NULL here (written `z`) when the denominator is 0.
        r"""CREATE TABLE long_table AS
            WITH grid AS (SELECT * FROM periods CROSS JOIN report_columns),
            breakdowns AS (SELECT * FROM (VALUES """
        + ", ".join(f"({quoted(b)}, {i})" for i, b in enumerate([""] + ROUTES + ["Not recorded"]))
        + r""") t(breakdown, b_order)),
            rows AS (
              SELECT 1 AS m_order, 'HM1' AS measure, b.breakdown, b.b_order, g.*,
                     coalesce(h.n, 0) AS numerator, NULL::BIGINT AS denominator
              FROM grid g CROSS JOIN breakdowns b
              LEFT JOIN hm1_counts h ON h.period = g.label AND h.col = g.col AND h.breakdown = b.breakdown
              UNION ALL
              SELECT 2, 'HM2', '', 0, g.*, coalesce(h.n, 0), NULL
              FROM grid g LEFT JOIN hm2_counts h ON h.period = g.label AND h.col = g.col
              UNION ALL
              SELECT 3, 'HW2', '', 0, g.*, coalesce(h.numerator, 0), coalesce(h.denominator, 0)
              FROM grid g LEFT JOIN hw2_counts h ON h.period = g.label AND h.col = g.col
              UNION ALL
              SELECT 4, 'IM1', '', 0, g.*, coalesce(h.numerator, 0), coalesce(h.denominator, 0)
              FROM grid g LEFT JOIN im1_counts h ON h.period = g.label AND h.col = g.col)
            SELECT measure, breakdown, label AS period, col AS "column", numerator, denominator,
                   CASE WHEN denominator IS NULL THEN numerator::DOUBLE
                        WHEN denominator > 0 THEN (numerator * 100)::DOUBLE / denominator END AS value
            FROM rows
            ORDER BY fy, kind, first, m_order, b_order, col_order""",
    ]


def cell(value):
    return "" if value is None else str(value)


def csv_field(text):
    return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\r\n') else text


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: duckdb_measures.py DATA_DIR AS_AT OUT.csv")
    data_dir, out = argv[1], argv[3]
    as_at = datetime.date.fromisoformat(argv[2])
    import duckdb  # not timed

    scratch = tempfile.mkdtemp(prefix="duckdb-measures-")
    try:
        started = time.perf_counter()
        con = duckdb.connect()
        for sql in statements(data_dir, as_at, scratch):
            con.execute(sql)
        rows = con.execute("SELECT * FROM long_table").fetchall()
        seconds = time.perf_counter() - started
        counts = con.execute("""SELECT (SELECT count(*) FROM mat_raw), (SELECT count(*) FROM ehm_raw),
                                       (SELECT count(*) FROM spider_raw), (SELECT count(*) FROM cases)""").fetchone()
        con.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    with open(out, "w", encoding="utf-8", newline="") as f:
        # RFC 4180 records (CRLF), as Scorecard's long-table.csv and samples-expected.csv.
        f.write("measure,breakdown,period,column,numerator,denominator,value\r\n")
        for measure, breakdown, period, column, numerator, denominator, value in rows:
            if denominator is None:
                shown = str(numerator)  # a count: the value is the count
            else:
                shown = "z" if value is None else repr(float(value))
            f.write(",".join(csv_field(x) for x in (measure, breakdown, period, column, cell(numerator), cell(denominator), shown)) + "\r\n")

    print(f"duckdb {duckdb.__version__}: HM1 HM2 HW2 IM1 over {data_dir} at {as_at}: "
          f"{seconds:.3f} s SQL wall time ({counts[0]:,} MAT + {counts[1]:,} EHM rows -> {counts[3]:,} cases; "
          f"{counts[2]:,} spider rows); {len(rows):,} figures written to {out}")


if __name__ == "__main__":
    main(sys.argv)
