/// What to generate: how big, from which seed, and the date the extracts were taken.
public struct GeneratorOptions: Sendable {
    /// 1 is about the size of `sample-data/` (≈1,000 MAT cases, ≈800 EHM episodes,
    /// ≈23,000 spider rows); N multiplies every case-level extract by N.
    public var scale: Double
    public var seed: UInt64
    /// The extract date as a day number (`Day.number`); no ordinary row is dated after it.
    public var asAt: Int32

    public init(scale: Double, seed: UInt64, asAt: Int32) {
        self.scale = scale
        self.seed = seed
        self.asAt = asAt
    }
}

/// What was written: each file with its data rows (header excluded) and bytes.
public struct GeneratorSummary: Sendable {
    public var files: [(name: String, rows: Int, bytes: Int)]

    public var totalBytes: Int { files.reduce(0) { $0 + $1.bytes } }
    public var totalRows: Int { files.reduce(0) { $0 + $1.rows } }
}

public enum GeneratorError: Error, CustomStringConvertible {
    case invalidOptions(String)
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .invalidOptions(let why): "invalid generator options: \(why)"
        case .cannotWrite(let path, let why): "cannot write \(path): \(why)"
        }
    }
}

/// One file the generator wrote.
struct GeneratedFile {
    var name: String
    var rows: Int
    var bytes: Int
}
