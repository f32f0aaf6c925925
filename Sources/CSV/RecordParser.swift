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
    /// Line breaks consumed: LFs inside quoted fields plus the terminator.
    var lineBreaks: Int
    /// Bytes written to `output`.
    var byteCount: Int
    /// Field end offsets written to `ends`.
    var fieldCount: Int
    /// The first quoting problem seen, if any.
    var problem: MalformedReason?

    static let outputFull = RecordScan(status: .outputFull, end: 0, lineBreaks: 0, byteCount: 0, fieldCount: 0, problem: nil)
    static let endsFull = RecordScan(status: .endsFull, end: 0, lineBreaks: 0, byteCount: 0, fieldCount: 0, problem: nil)
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
            let spanStart = i
            while i < end && classes[Int(input[i])] == ByteClass.ordinary {
                i += 1
            }
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
            // Delimiters, CR and LF are data here; only the quote byte matters. LFs are
            // counted so line numbers stay right after multi-line fields.
            let spanStart = i
            while i < end {
                let byte = input[i]
                if byte == quote { break }
                if byte == asciiLF { lineBreaks += 1 }
                i += 1
            }
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
                return RecordScan(status: .complete, end: end, lineBreaks: lineBreaks, byteCount: outLength,
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
    var i = index
    var lineBreaks = lineBreaks
    if i < end {
        // A lone CR ends a record (old Mac files); CRLF is one line break, not two.
        if input[i] == asciiCR && i + 1 < end && input[i + 1] == asciiLF { i += 1 }
        i += 1
        lineBreaks += 1
    }
    return RecordScan(status: .complete, end: i, lineBreaks: lineBreaks, byteCount: byteCount,
                      fieldCount: fieldCount, problem: problem)
}
