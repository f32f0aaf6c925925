/// A construct the SQL compiler has no translation for: the run stops (exit 8) naming
/// the measure, where it is declared and the construct, rather than leave a gap.
public struct SQLCompileError: Error, CustomStringConvertible {
    public var measure: String
    public var location: SourceLocation?
    public var construct: String

    public var description: String {
        let place = location.map { "\($0.file):\($0.line):\($0.column): " } ?? ""
        return "\(place)error: measure \(measure): \(construct) has no SQL translation (yet); compile it with Scorecard, or write the measure another way"
    }
}

/// Every measure that cannot be compiled, each named with its construct.
public struct SQLCompileFailure: Error, CustomStringConvertible {
    public var errors: [SQLCompileError]

    public var description: String {
        errors.map(\.description).joined(separator: "\n") + "\n\(errors.count) measure(s) cannot be compiled to SQL; nothing was written"
    }
}
