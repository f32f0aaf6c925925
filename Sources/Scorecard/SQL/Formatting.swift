/// Numbers as the long table prints them (`NumberFormat.full`): a whole number as an
/// integer; any other number as Swift prints a Double — the shortest digits that read
/// back to the same double (what PostgreSQL's and Spark's own text gives too), laid out
/// as Swift lays them out: `100.0`, `66.66666666666667`, `0.0001`, then exponents below
/// 0.0001 and above 2^53 (`1.5e-05`, `1e+16`).
enum Formatting {
    /// A BIGINT as text.
    static func whole(_ sql: String, _ dialect: SQLDialect) -> String { dialect.toText(sql) }

    /// A DOUBLE as text.
    static func double(_ sql: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .postgres: return "pg_temp.sc_double_text(\(sql))"
        case .spark: return sparkDouble(sql)
        }
    }

    /// Statements the script runs before its query (PostgreSQL): the shortest float
    /// text, and the formatting function, in the session's temporary schema.
    static func preamble(_ dialect: SQLDialect) -> String {
        guard dialect == .postgres else { return "" }
        return """
        SET extra_float_digits = 1;
        -- Compiling this many expressions costs seconds and saves none here.
        SET jit = off;
        -- A double as Swift prints it, from PostgreSQL's shortest text (same digits).
        CREATE FUNCTION pg_temp.sc_double_text(x DOUBLE PRECISION) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS $$
          SELECT CASE
            WHEN x IS NULL THEN NULL
            WHEN x = 0 THEN CASE WHEN CAST(x AS TEXT) LIKE '-%' THEN '-0.0' ELSE '0.0' END
            ELSE (
              SELECT CASE WHEN x < 0 THEN '-' ELSE '' END ||
                CASE
                  WHEN ABS(x) < CAST(0.0001 AS DOUBLE PRECISION) OR ABS(x) > CAST(9007199254740992 AS DOUBLE PRECISION) THEN
                    left(digits, 1) || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
                    || 'e' || CASE WHEN point - 1 < 0 THEN '-' ELSE '+' END || lpad(CAST(ABS(point - 1) AS TEXT), 2, '0')
                  WHEN point <= 0 THEN '0.' || repeat('0', -point) || digits
                  WHEN point >= length(digits) THEN digits || repeat('0', point - length(digits)) || '.0'
                  ELSE left(digits, point) || '.' || substr(digits, point + 1)
                END
              FROM (
                SELECT rtrim(raw_digits, '0') AS digits, raw_point AS point
                FROM (
                  SELECT
                    CASE
                      WHEN s LIKE '%e%' THEN replace(split_part(s, 'e', 1), '.', '')
                      WHEN s LIKE '0.%' THEN ltrim(split_part(s, '.', 2), '0')
                      ELSE replace(s, '.', '')
                    END AS raw_digits,
                    CASE
                      WHEN s LIKE '%e%' THEN CAST(split_part(s, 'e', 2) AS INTEGER) + 1
                      WHEN s LIKE '0.%' THEN -(length(split_part(s, '.', 2)) - length(ltrim(split_part(s, '.', 2), '0')))
                      ELSE length(split_part(s, '.', 1))
                    END AS raw_point
                  FROM (SELECT CAST(ABS(x) AS TEXT) AS s) AS t
                ) AS parsed
              ) AS parts
            )
          END
        $$;

        """
    }

    /// Spark has no SQL functions of its own (before 4.0): the same steps, inline.
    static func sparkDouble(_ x: String) -> String {
        let s = "CAST(ABS(\(x)) AS STRING)"
        // Spark prints exponents as `1.0E-5`; the digits before `E` are the shortest.
        let mantissa = "CASE WHEN \(s) LIKE '%E%' THEN split_part(\(s), 'E', 1) ELSE \(s) END"
        let exponent = "CASE WHEN \(s) LIKE '%E%' THEN CAST(split_part(\(s), 'E', 2) AS INT) ELSE 0 END"
        let intPart = "split_part(\(mantissa), '.', 1)", fracPart = "split_part(\(mantissa), '.', 2)"
        let rawDigits = "CASE WHEN \(intPart) = '0' THEN TRIM(LEADING '0' FROM \(fracPart)) ELSE concat(\(intPart), \(fracPart)) END"
        let rawPoint = "CASE WHEN \(intPart) = '0' THEN -(length(\(fracPart)) - length(TRIM(LEADING '0' FROM \(fracPart)))) ELSE length(\(intPart)) END + \(exponent)"
        let digits = "TRIM(TRAILING '0' FROM \(rawDigits))"
        let point = "(\(rawPoint))"
        let exponential = "concat(left(\(digits), 1), CASE WHEN length(\(digits)) > 1 THEN concat('.', substr(\(digits), 2)) ELSE '' END, 'e', CASE WHEN \(point) - 1 < 0 THEN '-' ELSE '+' END, lpad(CAST(ABS(\(point) - 1) AS STRING), 2, '0'))"
        let plain = """
        CASE WHEN \(point) <= 0 THEN concat('0.', repeat('0', -\(point)), \(digits)) \
        WHEN \(point) >= length(\(digits)) THEN concat(\(digits), repeat('0', \(point) - length(\(digits))), '.0') \
        ELSE concat(left(\(digits), \(point)), '.', substr(\(digits), \(point) + 1)) END
        """
        return """
        (CASE WHEN \(x) IS NULL THEN NULL WHEN \(x) = 0 THEN CASE WHEN CAST(\(x) AS STRING) LIKE '-%' THEN '-0.0' ELSE '0.0' END \
        ELSE concat(CASE WHEN \(x) < 0 THEN '-' ELSE '' END, CASE WHEN ABS(\(x)) < CAST(0.0001 AS DOUBLE) OR ABS(\(x)) > CAST(9007199254740992 AS DOUBLE) \
        THEN \(exponential) ELSE \(plain) END) END)
        """
    }
}
