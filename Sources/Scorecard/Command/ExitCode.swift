/// Exit codes scripts rely on (documented in the README).
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// Something the program did not expect; a bug.
    case internalError = 1
    /// The command line was wrong: unknown command or option, missing value.
    case usage = 2
    /// The metric definitions have errors.
    case definitions = 3
    /// An extract is missing, unreadable or lacks a column a mapping needs; or the
    /// commentary file is unreadable or has errors.
    case data = 4
    /// The extracts are incomplete (empty, stale or shrunk, as the sources' rules say): nothing was written.
    case incomplete = 5
    /// Another run holds the output folder's lock, or the output could not be written.
    case output = 6
    /// `--publish`, and a measure rated Red has no officers' commentary (each is listed);
    /// nothing was written. `--allow-missing-commentary` publishes anyway.
    case missingCommentary = 7
    /// `sql`: a measure uses a construct the SQL compiler has no translation for (the
    /// measure and the construct are named); nothing was written.
    case untranslatable = 8
}
