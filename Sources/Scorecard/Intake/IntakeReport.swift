/// A row an extract holds that no measure will use, with why and where.
public struct RejectedRow: Sendable {
    public var source: String
    public var file: String
    public var line: Int
    public var reason: String
    public var detail: String
    public var fields: [String]
}

/// What happened to one extract's rows: the data-quality account.
public struct SourceReport: Sendable {
    public var source: String
    public var file: String
    /// The extract's size in bytes and SHA-256, for the provenance manifest.
    public var bytes = 0
    public var sha256 = ""
    public var rowsRead = 0
    public var accepted = 0
    /// Rejected rows by reason.
    public var rejected: [String: Int] = [:]
    /// Accepted rows replaced by a later system's record (the migration).
    public var merged = 0
    /// Accepted rows whose locality maps to none.
    public var unplaced = 0
    /// Codes that mapped to nothing and count as not recorded, by field and value.
    public var unmapped: [String: Int] = [:]
    /// The latest value of each date field among accepted rows (for the stale check), by field index.
    public var latest: [Int: Int64] = [:]

    public var rejectedCount: Int { rejected.values.reduce(0, +) }
}
