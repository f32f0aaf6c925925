/// The RFC 4180 state machine: parses one record from raw bytes into output buffers.
///
/// Modelled on csv-core's `Reader`, with one simplification: the whole input is in
/// memory (callers memory-map files), so the machine may look one byte ahead for CRLF
/// and `""` instead of carrying half-seen terminators between calls. What it keeps
/// from csv-core is the output discipline: the caller supplies fixed-size buffers and
/// the machine reports when they are too small, rather than allocating itself. The
/// caller then grows them and parses the record again from its start (doubling makes
/// that amortised linear, and it only happens until the buffers fit the largest record).
///
/// States, one per place a byte can be within a field:
///
/// | state        | byte             | action                                             |
/// |--------------|------------------|----------------------------------------------------|
/// | `fieldStart` | quote            | → `quoted`                                         |
/// | `fieldStart` | anything else    | → `unquoted` (without consuming)                   |
/// | `unquoted`   | ordinary         | data                                               |
/// | `unquoted`   | quote            | data, flag `quoteInUnquotedField`                  |
/// | `unquoted`   | delimiter        | end field → `fieldStart`                           |
/// | `unquoted`   | CR, LF, CRLF, EOF| end field and record                               |
/// | `quoted`     | quote            | → `afterQuote`                                     |
/// | `quoted`     | anything else    | data (delimiters and line breaks included)         |
/// | `quoted`     | EOF              | end field and record, flag `unterminatedQuote`     |
/// | `afterQuote` | quote            | one literal quote (`""`) → `quoted`                |
/// | `afterQuote` | delimiter        | end field → `fieldStart`                           |
/// | `afterQuote` | CR, LF, CRLF, EOF| end field and record                               |
/// | `afterQuote` | anything else    | flag `textAfterClosingQuote` → `unquoted`          |
///
/// Flagged bytes are kept as data, so a malformed record still ends where a person
/// reading the file would expect, and reading resumes cleanly at the next record.
///
/// Every transition either consumes a byte or moves to a state that will, so the
/// machine always terminates, whatever the bytes.
enum ParserState {
    case fieldStart
    case unquoted
    case quoted
    case afterQuote
}

/// The result of parsing one record.
struct RecordScan {
    enum Status {
        /// The record was parsed; `end` is just past its terminator.
        case complete
        /// `output` was too small; nothing else in this value is meaningful.
        case outputFull
        /// `ends` was too small; nothing else in this value is meaningful.
        case endsFull
    }

    var status: Status
    /// Index just past the record (and its terminator, if any).
    var end: Int
    /// Index just past the record's last byte, before its terminator: the record's
    /// size is `contentEnd - start`.
    var contentEnd: Int
    /// Line breaks consumed: those inside quoted fields (each CR, LF or CRLF is one)
    /// plus the terminator.
    var lineBreaks: Int
    /// Bytes written to `output`.
    var byteCount: Int
    /// Field end offsets written to `ends`.
    var fieldCount: Int
    /// The first quoting problem seen, if any.
    var problem: MalformedReason?

    static let outputFull = RecordScan(status: .outputFull, end: 0, contentEnd: 0, lineBreaks: 0, byteCount: 0, fieldCount: 0, problem: nil)
    static let endsFull = RecordScan(status: .endsFull, end: 0, contentEnd: 0, lineBreaks: 0, byteCount: 0, fieldCount: 0, problem: nil)
}

/// Parses the record starting at `input[start]` (which must be `< end` and not a
/// blank line) into `output` and `ends`.
///
/// Everything the loops touch is a parameter or a local: no class properties (no
/// dynamic exclusivity checks), no arrays (no bounds checks), no per-byte calls.
@inline(__always)
func parseRecord(
    input: UnsafePointer<UInt8>,
    start: Int,
    end: Int,
    classes: UnsafePointer<UInt8>,
    quote: UInt8,
    output: UnsafeMutablePointer<UInt8>,
    outputCapacity: Int,
    ends: UnsafeMutablePointer<Int>,
    endsCapacity: Int
) -> RecordScan {
    var i = start
    var outLength = 0
    var fieldCount = 0
    var lineBreaks = 0
    var problem: MalformedReason? = nil
    var state = ParserState.fieldStart

    while true {
        switch state {
        case .fieldStart:
            if i < end && classes[Int(input[i])] == ByteClass.quote {
                i += 1
                state = .quoted
            } else {
                state = .unquoted
            }

        case .unquoted:
            // The hot loop: most bytes of most files are ordinary bytes of unquoted fields.
            // It stops where the output would be full, so a field far longer than the
            // buffer is not scanned to its end first (a 200 MB line costs the buffer's
            // size, not 200 MB, before the caller decides what to do).
            let spanStart = i
            let stop = end - i > outputCapacity - outLength ? i + (outputCapacity - outLength) : end
            while i < stop && classes[Int(input[i])] == ByteClass.ordinary {
                i += 1
            }
            if i < end && i == stop && classes[Int(input[i])] == ByteClass.ordinary { return .outputFull }
            let spanLength = i - spanStart
            if spanLength > 0 {
                guard outLength + spanLength <= outputCapacity else { return .outputFull }
                (output + outLength).update(from: input + spanStart, count: spanLength)
                outLength += spanLength
            }
            let byteClass = i < end ? classes[Int(input[i])] : ByteClass.lineFeed
            if byteClass == ByteClass.quote {
                // `ab"c`: keep the quote as data, as rust-csv does, and remember the problem.
                if problem == nil { problem = .quoteInUnquotedField }
                guard outLength < outputCapacity else { return .outputFull }
                output[outLength] = input[i]
                outLength += 1
                i += 1
                continue
            }
            guard fieldCount < endsCapacity else { return .endsFull }
            ends[fieldCount] = outLength
            fieldCount += 1
            if byteClass == ByteClass.delimiter {
                i += 1
                state = .fieldStart
                continue
            }
            return finishRecord(input: input, at: i, end: end, lineBreaks: lineBreaks,
                                byteCount: outLength, fieldCount: fieldCount, problem: problem)

        case .quoted:
            // Delimiters, CR and LF are data here; only the quote byte matters. Line
            // breaks are counted (see `isLineBreak`) so line numbers stay right after
            // multi-line fields, whatever their line endings.
            let spanStart = i
            let stop = end - i > outputCapacity - outLength ? i + (outputCapacity - outLength) : end
            while i < stop {
                let byte = input[i]
                if byte == quote { break }
                if isLineBreak(input, at: i, end: end) { lineBreaks += 1 }
                i += 1
            }
            if i < end && i == stop && input[i] != quote { return .outputFull }
            let spanLength = i - spanStart
            if spanLength > 0 {
                guard outLength + spanLength <= outputCapacity else { return .outputFull }
                (output + outLength).update(from: input + spanStart, count: spanLength)
                outLength += spanLength
            }
            if i == end {
                // EOF inside quotes: the rest of the file is this field.
                guard fieldCount < endsCapacity else { return .endsFull }
                ends[fieldCount] = outLength
                fieldCount += 1
                return RecordScan(status: .complete, end: end, contentEnd: end, lineBreaks: lineBreaks, byteCount: outLength,
                                  fieldCount: fieldCount, problem: problem ?? .unterminatedQuote)
            }
            i += 1  // the quote
            state = .afterQuote

        case .afterQuote:
            if i < end && input[i] == quote {
                // `""` inside a quoted field is one literal quote.
                guard outLength < outputCapacity else { return .outputFull }
                output[outLength] = quote
                outLength += 1
                i += 1
                state = .quoted
                continue
            }
            let byteClass = i < end ? classes[Int(input[i])] : ByteClass.lineFeed
            if byteClass == ByteClass.ordinary || byteClass == ByteClass.quote {
                // `"abc"x`: keep `x` as data in the same field and carry on unquoted.
                if problem == nil { problem = .textAfterClosingQuote }
                state = .unquoted
                continue
            }
            guard fieldCount < endsCapacity else { return .endsFull }
            ends[fieldCount] = outLength
            fieldCount += 1
            if byteClass == ByteClass.delimiter {
                i += 1
                state = .fieldStart
                continue
            }
            return finishRecord(input: input, at: i, end: end, lineBreaks: lineBreaks,
                                byteCount: outLength, fieldCount: fieldCount, problem: problem)
        }
    }
}

/// Consumes the terminator at `input[i]` (CR, LF, CRLF, or nothing at EOF).
@inline(__always)
private func finishRecord(
    input: UnsafePointer<UInt8>, at index: Int, end: Int, lineBreaks: Int,
    byteCount: Int, fieldCount: Int, problem: MalformedReason?
) -> RecordScan {
    let (next, breaks) = terminatorEnd(input, at: index, end: end)
    return RecordScan(status: .complete, end: next, contentEnd: index, lineBreaks: lineBreaks + breaks, byteCount: byteCount,
                      fieldCount: fieldCount, problem: problem)
}

/// Whether `input[i]` ends a line: every LF, and every CR not followed by an LF (so
/// CRLF is one line break, and a lone CR, as old Mac files have, is one too).
///
/// This is the one definition of a line that every count in the reader and the chunk
/// splitter uses, inside quoted fields as well as between records: the lines a text
/// editor shows, whatever mix of endings a file has.
@inline(__always)
func isLineBreak(_ input: UnsafePointer<UInt8>, at i: Int, end: Int) -> Bool {
    let byte = input[i]
    if byte == asciiLF { return true }
    return byte == asciiCR && !(i + 1 < end && input[i + 1] == asciiLF)
}

/// Consumes the terminator at `input[i]` (CR, LF, CRLF, or nothing at EOF): the index
/// after it and the line breaks it makes (1, or 0 at EOF).
@inline(__always)
func terminatorEnd(_ input: UnsafePointer<UInt8>, at i: Int, end: Int) -> (Int, Int) {
    guard i < end else { return (i, 0) }
    // A lone CR ends a record (old Mac files); CRLF is one line break, not two.
    if input[i] == asciiCR && i + 1 < end && input[i + 1] == asciiLF { return (i + 2, 1) }
    return (i + 1, 1)
}

/// How far a walk goes between two calls of its `passed` callback.
let passedWindow = 4 << 20

/// Where the record starting at `input[start]` ends, without copying anything: the
/// same transitions as `parseRecord`, minus the output. The chunk splitter finds
/// boundaries with it, and the reader passes over a record too large to keep.
///
/// With `passed`, a record longer than `passedWindow` is walked a window at a time,
/// and `passed` is told after each window the offset the walk has passed (it will
/// not look before it again), so a caller walking a memory-mapped file can let those
/// pages go: walking a 50 MB line then needs a window of memory, not the line. The
/// window is a bound on the inner loops, not a test per byte; `limit` only ever moves
/// forward from where the walk is, so every state still sees the bytes it would
/// without a callback.
///
/// Returns the index just past the record and its terminator, the index just past its
/// last byte (before the terminator) and the line breaks passed.
func skipRecord(
    _ input: UnsafePointer<UInt8>, from start: Int, end: Int,
    classes: UnsafePointer<UInt8>, quote: UInt8, passed: ((Int) -> Void)? = nil
) -> (end: Int, contentEnd: Int, lineBreaks: Int) {
    var i = start
    var lineBreaks = 0
    var state = ParserState.fieldStart
    // Where the inner loops stop to report progress (the end, without a callback).
    var limit = passed == nil ? end : Swift.min(end, start + passedWindow)
    while true {
        switch state {
        case .fieldStart:
            if i < end && classes[Int(input[i])] == ByteClass.quote {
                i += 1
                state = .quoted
            } else {
                state = .unquoted
            }
        case .unquoted:
            while i < limit && classes[Int(input[i])] == ByteClass.ordinary { i += 1 }
            if i >= limit && limit < end {
                passed?(i)
                limit = Swift.min(end, i + passedWindow)
                continue
            }
            guard i < end else { return (end, end, lineBreaks) }
            let byteClass = classes[Int(input[i])]
            if byteClass == ByteClass.quote {
                i += 1  // stray quote: data, stays unquoted
            } else if byteClass == ByteClass.delimiter {
                i += 1
                state = .fieldStart
            } else {
                let (next, breaks) = terminatorEnd(input, at: i, end: end)
                return (next, i, lineBreaks + breaks)
            }
        case .quoted:
            while i < limit {
                let byte = input[i]
                if byte == quote { break }
                if isLineBreak(input, at: i, end: end) { lineBreaks += 1 }
                i += 1
            }
            if i >= limit && limit < end {
                passed?(i)
                limit = Swift.min(end, i + passedWindow)
                continue
            }
            guard i < end else { return (end, end, lineBreaks) }
            i += 1
            state = .afterQuote
        case .afterQuote:
            if i >= limit && limit < end {
                passed?(i)
                limit = Swift.min(end, i + passedWindow)
            }
            guard i < end else { return (end, end, lineBreaks) }
            if input[i] == quote {
                i += 1
                state = .quoted
                continue
            }
            let byteClass = classes[Int(input[i])]
            if byteClass == ByteClass.delimiter {
                i += 1
                state = .fieldStart
            } else if byteClass == ByteClass.carriageReturn || byteClass == ByteClass.lineFeed {
                let (next, breaks) = terminatorEnd(input, at: i, end: end)
                return (next, i, lineBreaks + breaks)
            } else {
                state = .unquoted
            }
        }
    }
}
