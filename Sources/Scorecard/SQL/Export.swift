import Foundation

/// `scorecard export`: the records after intake — typed, de-duplicated, superseded,
/// identities resolved and groups built — as clean UTF-8 CSV files a warehouse loads
/// as they are, one per record, with `schema.sql` (a `CREATE TABLE` per record) and
/// `load.psql` (PostgreSQL's `\copy` of each file). The messy intake stays Scorecard's:
/// what leaves is what every measure counts.
///
/// Each table has `_id`, the row's place in Scorecard's order from 1 (the first row
/// read stands; `first`/`last` break ties by it), then one column per field: dates as
/// `DATE`, codes as their category's canonical text, persons as their stable identity
/// (the person index's id, or `SYSTEM:local` for one it does not know), references as
/// the referenced row's `_id`, blanks as NULL.
public enum Export {
    public struct File: Sendable {
        public var name: String
        public var bytes: [UInt8]
    }

    /// The files, in a fixed order: one CSV per record (`RECORD.csv`), `schema.sql`, `load.psql`.
    public static func files(_ dataset: Dataset) -> [File] {
        let definitions = dataset.definitions
        var out: [File] = []
        for (r, record) in definitions.records.enumerated() {
            out.append(File(name: SQLName.table(record.name) + ".csv", bytes: csv(dataset.tables[r], dataset: dataset)))
        }
        out.append(File(name: "schema.sql", bytes: Array(schema(definitions).utf8)))
        out.append(File(name: "load.psql", bytes: Array(loadScript(definitions, folder: nil).utf8)))
        return out
    }

    /// `CREATE TABLE` per record, typed columns, a check that codes are canonical.
    public static func schema(_ definitions: Definitions) -> String {
        var text = "-- Scorecard export: one table per record, after intake (scorecard export).\n"
        text += "-- _id is the row's place in Scorecard's order, from 1; blanks are NULL.\n"
        for record in definitions.records {
            let table = SQLName.table(record.name)
            text += "\nDROP TABLE IF EXISTS \(SQLName.quoted(table));\n"
            text += "CREATE TABLE \(SQLName.quoted(table)) (\n  \"_id\" integer PRIMARY KEY"
            for field in record.fields {
                text += ",\n  \(SQLName.quoted(field.name)) \(columnType(field.type, definitions))"
                if case .category(let c) = field.type {
                    let values = definitions.categories[c].values.map(SQLText.literal).joined(separator: ", ")
                    text += " CHECK (\(SQLName.quoted(field.name)) IN (\(values)))"
                }
            }
            text += "\n);\n"
            // Look-ups follow references and match persons: each gets an index.
            for field in record.fields {
                switch field.type {
                case .ref, .person:
                    text += "CREATE INDEX ON \(SQLName.quoted(table)) (\(SQLName.quoted(field.name)));\n"
                default: break
                }
            }
        }
        return text
    }

    /// psql's `\copy` of each file (from `folder`, or the current folder).
    public static func loadScript(_ definitions: Definitions, folder: String?) -> String {
        var text = "-- Loads the export into the tables schema.sql made: psql -f schema.sql -f load.psql (from the export's folder).\n"
        for record in definitions.records {
            let table = SQLName.table(record.name)
            let file = (folder.map { $0 + "/" } ?? "") + table + ".csv"
            // psql's \copy reads a quoted file name; a quote inside is doubled.
            text += "\\copy \(SQLName.quoted(table)) FROM '\(file.replacingOccurrences(of: "'", with: "''"))' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')\n"
        }
        return text
    }

    static func columnType(_ type: FieldType, _ definitions: Definitions) -> String {
        switch type {
        case .text, .person, .category: return "text"
        case .int: return "bigint"
        case .decimal: return "double precision"
        case .date: return "date"
        case .money: return "numeric(20,2)"
        case .datetime: return "timestamp"
        case .ref: return "integer"
        }
    }

    /// One record's rows: `_id`, then each field. Texts are always quoted (so an empty
    /// text is not read back as NULL); a blank is an empty unquoted field.
    static func csv(_ table: Table, dataset: Dataset) -> [UInt8] {
        let type = table.type
        var out: [UInt8] = []
        out.reserveCapacity(table.count * (type.fields.count + 1) * 8)
        out += Array("_id".utf8)
        for field in type.fields {
            out.append(UInt8(ascii: ","))
            quote(Array(field.name.utf8), into: &out)
        }
        out.append(UInt8(ascii: "\n"))
        let categories = dataset.definitions.categories
        for row in 0..<table.count {
            out += Array(String(row + 1).utf8)
            for (f, field) in type.fields.enumerated() {
                out.append(UInt8(ascii: ","))
                if field.type == .decimal {
                    let d = table.doubles[f][row]
                    if !d.isNaN { out += Array(d.description.utf8) }
                    continue
                }
                let v = table.ints[f][row]
                if v == Table.null { continue }
                switch field.type {
                case .text, .person:
                    quote(Array(dataset.string(v).utf8), into: &out)
                case .category(let c):
                    quote(Array(categories[c].values[Int(v)].utf8), into: &out)
                case .int:
                    out += Array(String(v).utf8)
                case .date:
                    out += Array(Day.iso(Int32(v)).utf8)
                case .money:
                    out += Array(Money.text(v).utf8)
                case .datetime:
                    out += Array(DateTime.iso(v).utf8)
                case .ref:
                    out += Array(String(v + 1).utf8)
                case .decimal:
                    break
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    private static func quote(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Identifiers in the generated SQL: always double-quoted (records are named `case`,
/// fields `end`), the record's own name as the table's.
public enum SQLName {
    public static func table(_ record: String) -> String { record }

    public static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// Text constants in the generated SQL.
public enum SQLText {
    /// A standard SQL string literal: quotes doubled, nothing else escaped (PostgreSQL's
    /// `standard_conforming_strings`, Spark with `spark.sql.parser.escapedStringLiterals`
    /// off needs backslashes doubled too: see `Dialect.literal`).
    public static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
}
