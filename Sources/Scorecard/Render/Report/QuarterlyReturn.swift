import CSV

/// The quarterly return: one CSV row per measure and breakdown, one value field and
/// one symbol field per column, with the City's comparisons, target, RAG and the
/// officers' commentary (on each measure's first row).
///
/// Written to open cleanly in Excel: a UTF-8 byte-order mark (so `£` and `—` survive),
/// CRLF line ends, numbers without units or grouping, and `SpreadsheetText.safe` on
/// every text field so a name from an extract or a commentary cannot run as a formula.
///
/// The file is data only: one header row, then one row per measure and breakdown, so
/// Excel, Power Query or a script reads it as a table with nothing to skip. What the
/// symbols and columns mean is in `quarterly-return-notes.csv` beside it, as DfE
/// statistics publish a data file with its metadata and guidance in separate files.
enum QuarterlyReturn {
    static func render(_ model: ReportModel) -> [UInt8] {
        var writer = CSVWriter(bytes: [0xEF, 0xBB, 0xBF])
        writer.crlf = true
        let kind = model.period.kindName
        let header = ["Measure", "Name", "Section", "Breakdown", "Unit", "Period"]
            + model.columns.flatMap { [$0, "\($0) symbol"] }
            + ["Previous \(kind)", "Previous \(kind) City", "Previous \(kind) City symbol", "Change on previous \(kind)",
               "Same \(kind) last year", "Same \(kind) last year City", "Same \(kind) last year City symbol", "Change on same \(kind) last year",
               "Target year", "Target", "Target symbol", "Tolerance", "RAG", "Better", "Commentary"]
        write(&writer, header)
        for section in model.sections {
            for measure in section.measures {
                for (r, row) in measure.rows.enumerated() {
                    var fields = [measure.id, measure.name, section.title, row.breakdown, row.style.rawValue, model.period.label]
                    for cell in row.cells { fields += valueAndSymbol(cell) }
                    fields += [model.period.previous ?? "x"] + valueAndSymbol(row.previous) + [row.changeOnPrevious.label]
                    fields += [model.period.yearBefore ?? "x"] + valueAndSymbol(row.yearBefore) + [row.changeOnYearBefore.label]
                    fields += targetFields(measure, row)
                    fields.append(measure.betterText)
                    fields.append(r == 0 ? measure.commentary ?? "" : "")
                    write(&writer, fields)
                }
            }
        }
        return writer.bytes
    }

    /// `quarterly-return-notes.csv`: what the return's symbols and columns mean, one
    /// term per row (`Term,Meaning`), in the same Excel-friendly form as the return.
    static func notes(_ model: ReportModel) -> [UInt8] {
        var writer = CSVWriter(bytes: [0xEF, 0xBB, 0xBF])
        writer.crlf = true
        let kind = model.period.kindName
        var rows: [[String]] = [["Term", "Meaning"]]
        rows.append(["File", "quarterly-return.csv: one row per measure and breakdown for \(model.period.label), from extracts taken on \(model.asAt)"])
        rows.append(["Status", model.published
            ? "Published: disclosure control applied (1 to 5 and figures that would reveal them shown as c)"
            : "Internal: not for publication (no disclosure control)"])
        rows += ReportModel.legend.map { ["\($0.symbol)", "Symbol, as in DfE statistics: \($0.meaning)"] }
        rows.append(["COLUMN and COLUMN symbol", "each column's value, or empty with the symbol that stands for it"])
        rows.append(["RAG", "for the City headline against the target for \(model.period.financialYear), on unrounded values; a row that is not the headline shows 'Not applicable'"])
        rows.append(["Change on previous \(kind), Change on same \(kind) last year", "compare City figures at displayed precision (one decimal place for percentages, rates and averages)"])
        rows.append(["Commentary", "the officers' commentary on the measure for the period, on the measure's first row"])
        rows.append(["'", "text fields that would start with =, +, - or @ are prefixed with ' so a spreadsheet shows them as text"])
        for row in rows { write(&writer, row) }
        return writer.bytes
    }

    /// A cell's value and its symbol in separate fields: `79.3,` or `,c`.
    static func valueAndSymbol(_ cell: ReportCell) -> [String] {
        cell.isNumber ? [cell.plain, ""] : ["", cell.symbol?.rawValue ?? "x"]
    }

    /// Target year, value, symbol, tolerance and RAG: on the headline row only.
    private static func targetFields(_ measure: MeasureReport, _ row: MeasureReport.Row) -> [String] {
        guard row.isHeadline else { return ["", "", "z", "", "Not applicable"] }
        guard let target = measure.target else { return ["", "", "z", "", measure.rag.text] }
        return [target.year, target.value.plain, "", target.tolerance.plain, measure.rag.label]
    }

    private static func write(_ writer: inout CSVWriter, _ fields: [String]) {
        writer.write(fields: fields.map(SpreadsheetText.safe))
    }
}

/// Keeps text from running as a spreadsheet formula (CSV injection).
///
/// Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`,
/// `-` or `@` (and, via DDE, tab or carriage return) as a formula, so a locality or
/// reason typed as `=HYPERLINK(…)` in an extract would run when the return is opened.
/// Such a field is prefixed with a single quote, which the spreadsheet shows as text
/// (OWASP's advice). Numbers we wrote ourselves (`-94900`) are left alone: they are
/// numbers, not text, and must stay numbers.
enum SpreadsheetText {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func safe(_ field: String) -> String {
        guard let first = field.first, triggers.contains(first) else { return field }
        if isPlainNumber(field) { return field }
        return "'" + field
    }

    /// `-94900` or `-0.5`: a minus sign, digits and at most one point.
    static func isPlainNumber(_ field: String) -> Bool {
        let body = field.utf8.dropFirst(field.hasPrefix("-") ? 1 : 0)
        guard let first = body.first, first != UInt8(ascii: "."), body.last != UInt8(ascii: ".") else { return false }
        var points = 0
        for b in body {
            if b == UInt8(ascii: ".") { points += 1; continue }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return false }
        }
        return points <= 1
    }
}
