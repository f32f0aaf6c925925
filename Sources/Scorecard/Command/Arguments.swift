/// `scorecard COMMAND --option value …`: a small parser with "did you mean" for
/// unknown options, and usage text a new user can follow.
struct Arguments {
    var command: String
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var positional: [String] = []

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static let valueOptions: [String: [String]] = [
        "run": ["--data", "--as-at", "--out", "--metrics", "--period", "--commentary"],
        "check": ["--data", "--as-at", "--metrics"],
        "explain": ["--data", "--as-at", "--metrics", "--period", "--column", "--breakdown", "--out"],
        "revisions": ["--previous", "--current", "--out"],
        "generate": ["--scale", "--seed", "--as-at", "--out"],
        "read": ["--data", "--metrics"],
        "sniff": ["--out"],
        "export": ["--data", "--as-at", "--out", "--metrics"],
        "sql": ["--dialect", "--metrics", "--as-at", "--out"],
    ]

    /// Options that take no value.
    static let flagOptions: [String: Set<String>] = ["run": ["--publish", "--allow-missing-commentary"]]

    /// How many positional arguments each command takes (only `explain`'s measure id).
    static let positionalCount: [String: Int] = ["explain": 1, "sniff": Int.max]

    static func parse(_ args: [String]) throws(UsageError) -> Arguments {
        guard let command = args.first else { throw UsageError(description: "no command given") }
        if command == "--help" || command == "-h" || command == "help" { return Arguments(command: "help") }
        if command == "--version" || command == "version" { return Arguments(command: "version") }
        guard let known = valueOptions[command] else {
            throw UsageError(description: "unknown command '\(command)'\(Suggestion.hint(for: command, in: valueOptions.keys.sorted() + ["help"]))")
        }
        var parsed = Arguments(command: command)
        var i = 1
        while i < args.count {
            let arg = args[i]
            if arg == "--help" || arg == "-h" { parsed.flags.insert("--help"); i += 1; continue }
            if arg == "--version" { parsed.flags.insert("--version"); i += 1; continue }
            if !arg.hasPrefix("-") || arg == "-" {
                guard parsed.positional.count < positionalCount[command, default: 0] else {
                    throw UsageError(description: "unexpected argument '\(arg)' for '\(command)'")
                }
                parsed.positional.append(arg)
                i += 1
                continue
            }
            if flagOptions[command]?.contains(arg) == true {
                guard !parsed.flags.contains(arg) else { throw UsageError(description: "option '\(arg)' is given twice") }
                parsed.flags.insert(arg)
                i += 1
                continue
            }
            var name = arg
            var value: String?
            if let eq = arg.firstIndex(of: "=") , arg.hasPrefix("--") {
                name = String(arg[..<eq])
                value = String(arg[arg.index(after: eq)...])
            }
            guard known.contains(name) else {
                throw UsageError(description: "unknown option '\(name)' for '\(command)'\(Suggestion.hint(for: name, in: known + (flagOptions[command].map(Array.init) ?? [])))")
            }
            if value == nil {
                // The next argument is the value, unless it is itself an option: then the value is missing.
                guard i + 1 < args.count, !(args[i + 1].hasPrefix("--") && args[i + 1].count > 2) else {
                    throw UsageError(description: "option '\(name)' is missing its value (\(valueHint(name)))")
                }
                value = args[i + 1]
                i += 1
            }
            guard let given = value, !given.isEmpty else {
                throw UsageError(description: "option '\(name)' is missing its value (\(valueHint(name)))")
            }
            guard parsed.options[name] == nil else { throw UsageError(description: "option '\(name)' is given twice") }
            parsed.options[name] = given
            i += 1
        }
        return parsed
    }

    /// What an option's value looks like, for "missing its value" messages.
    static func valueHint(_ name: String) -> String {
        switch name {
        case "--as-at": return "a date as YYYY-MM-DD"
        case "--period": return "a period label as 2016-11, \"2016-17 Q3\" or 2016-17"
        case "--column": return "a locality, \"Locality not recorded\" or City"
        case "--scale", "--seed": return "a number"
        case "--previous", "--current": return "a long-table.csv file"
        case "--breakdown": return "a breakdown value"
        case "--dialect": return "postgres or spark"
        default: return name == "--out" ? "a path" : "a folder"
        }
    }

    static let usage = """
    scorecard — declared performance measures over legacy Early Help extracts

    USAGE
      scorecard run   --data DIR --as-at YYYY-MM-DD --out DIR [--metrics DIR] [--period P]
                      [--commentary FILE] [--publish [--allow-missing-commentary]]
      scorecard check --data DIR --as-at YYYY-MM-DD [--metrics DIR]
      scorecard explain MEASURE --period P --column C [--breakdown B] --data DIR --as-at YYYY-MM-DD [--out FILE]
      scorecard revisions --previous OLD/long-table.csv --current NEW/long-table.csv [--out FILE]
      scorecard generate --scale N --seed S --as-at YYYY-MM-DD --out DIR
      scorecard read  --data DIR [--metrics DIR]
      scorecard sniff FILE… [--out DIR]
      scorecard export --data DIR --as-at YYYY-MM-DD --out DIR [--metrics DIR]
      scorecard sql   --dialect postgres|spark [--as-at YYYY-MM-DD] [--metrics DIR] [--out FILE]
      scorecard help | --version

    COMMANDS
      run     Read the extracts in --data, evaluate every measure for every month,
              financial-year quarter and financial year from the framework's first
              period to the as-at date, and write into --out:
                report.html             the scrutiny report for --period: one self-contained page
                report.md, report.json  the same content as Markdown and JSON
                quarterly-return.csv    one row per measure and breakdown, for Excel
                quarterly-return-notes.csv  what its symbols and columns mean
                long-table.csv          every figure, one row each (the contract)
                tables.md               readable tables of the quarters and years
                data-quality.csv        rows read, accepted, rejected, merged, unplaced
                rejected-rows.csv       every rejected row with file, line and reason
                revisions.csv           figures that changed since the last run in --out
                manifest.json           as-at date, inputs' sizes, rows and SHA-256,
                                        definitions' digest, engine version
                run-log.json            timings (the one file that differs between runs)
              Outputs are written to a temporary folder and moved into place only
              when complete; OUT.lock keeps two runs from writing one folder.
      check   Validate the definitions and read every extract; write nothing.
      explain List the records behind one figure (numerator and denominator) and
              the rule that counted them, e.g.
                scorecard explain HW2 --period "2016-17 Q3" --column Coalfields …
              The list holds personal identifiers: it is printed, or written to
              --out readable by its owner only, never into a report.
      revisions
              List every figure that differs between two long tables.
      read    Read every extract through the CSV layer alone (records, quoting,
              encodings; no mapping) on every core, and print records, malformed
              records and MB/s per file: a quick look at new extracts, and the
              byte-level reader's speed on this machine.
      sniff   Read unknown extracts in full and draft the definitions that read
              them into a new folder (default ./sniffed): per file a .source
              (encoding, delimiter, header, each column's type and date layout,
              how sure each guess is), its .record and a .codes list per code
              column, with '# TODO' where a person must decide. They pass
              'check' as written, given a framework.
      export  Read the extracts as 'run' does and write the records after intake
              (typed, de-duplicated, superseded, persons resolved, groups built)
              into --out: one CSV per record, schema.sql (a CREATE TABLE each) and
              load.psql (psql's \\copy of each). The CSVs hold personal identifiers:
              they are readable by their owner only. --out follows run's rules.
      sql     Compile every measure into one SQL script for a warehouse (PostgreSQL
              or Spark SQL) over the tables 'export' writes: it builds the periods
              up to --as-at (default today) and yields the long table, the same
              rows in the same order as long-table.csv. A construct with no
              translation stops it (exit 8), naming the measure and the construct.
      generate
              Write a synthetic extract set in the ten legacy layouts, quirks and
              traps included; scale 1 is about the size of sample-data/, and the
              same seed always gives the same bytes (for tests and benchmarks).

    OPTIONS
      --data DIR        folder holding the extracts named in the source definitions
      --as-at DATE      the date the extracts were taken (YYYY-MM-DD), between the
                        framework's first month and today
      --version         print the engine version (as the manifest records it)
      --out DIR         output folder: created, or replaced when the run succeeds if an
                        earlier run wrote it (a folder holding anything else, a file,
                        a link or the --data folder is refused, untouched: exit 6)
      --metrics DIR     definition folder (default ./metrics)
      --period P        a period label: 2016-11, 2016-17 Q3 or 2016-17 (run: the
                        reports' period; default the latest complete quarter)
      --commentary FILE the officers' commentary: a CSV with the columns measure,
                        period, commentary (one row per measure and period, UTF-8 as
                        Excel's "CSV UTF-8" saves it), shown beside each measure
      --publish         published versions of the reports: disclosure control
                        (1 to 5 shown as c), no personal identifiers or extract text;
                        the folder then holds only the reports, data-quality.csv and
                        the manifest. Stops (exit 7) if a Red measure has no commentary
      --allow-missing-commentary
                        publish even though a Red measure has no commentary
      --column C        a locality, "Locality not recorded" or City

    EXIT CODES
      0 success          1 internal error      2 usage error     3 definition errors
      4 data errors (extracts, or the commentary file)
      5 incomplete extracts (nothing written)
      6 output locked by another run, not Scorecard's to replace, or not writable
      7 --publish and a Red measure has no commentary (nothing written)
      8 sql: a measure uses a construct the SQL compiler cannot translate
    """
}
