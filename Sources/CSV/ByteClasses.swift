/// What a byte means to the state machine under one dialect.
///
/// The scanners ask "is this byte special?" once per input byte. A 256-entry table
/// answers that with one load whatever the dialect, instead of four comparisons, and
/// it is where the precedence between clashing dialect bytes is decided, in one place
/// for the reader and the chunk splitter alike.
enum ByteClass {
    static let ordinary: UInt8 = 0
    static let delimiter: UInt8 = 1
    static let quote: UInt8 = 2
    static let carriageReturn: UInt8 = 3
    static let lineFeed: UInt8 = 4
}

let asciiLF = UInt8(ascii: "\n")
let asciiCR = UInt8(ascii: "\r")

/// A heap-allocated byte-class table.
///
/// A class holding a raw pointer (rather than an array in the reader struct) so the
/// hot loops can copy the pointer into a local once and index it with no bounds or
/// uniqueness checks. The pointer is immutable after `init`, which is what makes the
/// `@unchecked Sendable` sound.
final class ByteClassTable: @unchecked Sendable {
    let table: UnsafeMutablePointer<UInt8>
    let quote: UInt8

    init(dialect: Dialect) {
        table = .allocate(capacity: 256)
        table.initialize(repeating: ByteClass.ordinary, count: 256)
        // Later assignments win: delimiter beats quote, CR/LF beat both.
        table[Int(dialect.quote)] = ByteClass.quote
        table[Int(dialect.delimiter)] = ByteClass.delimiter
        table[Int(asciiCR)] = ByteClass.carriageReturn
        table[Int(asciiLF)] = ByteClass.lineFeed
        quote = dialect.quote
    }

    deinit {
        table.deallocate()
    }
}
