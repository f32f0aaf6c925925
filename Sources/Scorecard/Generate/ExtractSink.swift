import Foundation

/// One extract file written through a large byte buffer: rows are assembled as bytes
/// in place and the buffer goes to disk in big chunks, so a multi-gigabyte set is
/// written without a `String` per field and without holding the file in memory.
///
/// Callers `reserve` room for a whole row (or sheet) once, then append without
/// further checks. Two buffers take turns: one is filled while the other is written
/// in the background. A write failure is remembered and reported by `close()`,
/// which keeps error handling out of the per-byte path.
struct ExtractSink: ~Copyable {
    let name: String
    private let fd: Int32
    /// The buffer being filled.
    private var buffer: UnsafeMutablePointer<UInt8>
    /// The buffer being written (or idle).
    private var spare: UnsafeMutablePointer<UInt8>
    private let writer = BackgroundWriter()
    private let capacity: Int
    /// Bytes waiting in the buffer.
    private(set) var count = 0
    /// Bytes already handed to the file.
    private(set) var written = 0
    /// Data rows (header excluded), counted by the writers through `endRow`.
    private(set) var rows = 0
    private var failure: Int32 = 0
    private var closed = false
    private let lineEnd: LineEnd

    enum LineEnd { case lf, crlf }

    init(folder: String, name: String, lineEnd: LineEnd, capacity: Int = 1 << 20) throws(GeneratorError) {
        self.name = name
        self.lineEnd = lineEnd
        self.capacity = capacity
        let path = (folder as NSString).appendingPathComponent(name)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw GeneratorError.cannotWrite(path, String(cString: strerror(errno))) }
        self.fd = fd
        buffer = .allocate(capacity: capacity)
        spare = .allocate(capacity: capacity)
    }

    deinit {
        writer.wait()
        if !closed { _ = Foundation.close(fd) }
        buffer.deallocate()
        spare.deallocate()
    }

    /// Makes room for `bytes` more bytes (a row's worst case), flushing if needed.
    @inline(__always)
    mutating func reserve(_ bytes: Int) {
        if count + bytes > capacity { flush() }
        precondition(bytes <= capacity, "row larger than the sink's buffer")
    }

    /// Hands the filled buffer to the background writer and carries on in the other.
    mutating func flush() {
        guard count > 0 else { return }
        failure = writer.wait()
        writer.start(fd: fd, bytes: buffer, count: count)
        swap(&buffer, &spare)
        written += count
        count = 0
    }

    /// Flushes and closes the file; the rows and bytes written.
    mutating func close() throws(GeneratorError) -> GeneratedFile {
        flush()
        failure = writer.wait()
        closed = true
        if Foundation.close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw GeneratorError.cannotWrite(name, String(cString: strerror(failure))) }
        return GeneratedFile(name: name, rows: rows, bytes: written)
    }

    // MARK: - Appending (room must have been reserved)

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        buffer[count] = b
        count += 1
    }

    @inline(__always)
    mutating func bytes(_ source: UnsafePointer<UInt8>, _ length: Int) {
        (buffer + count).update(from: source, count: length)
        count += length
    }

    @inline(__always)
    mutating func piece(_ p: Piece, of arena: ByteArena) {
        bytes(arena.base + Int(p.offset), Int(p.length))
    }

    /// Copies bytes already in the buffer (a sheet's `ref,stage,date,` prefix) to the end.
    @inline(__always)
    mutating func repeatBytes(from start: Int, length: Int) {
        (buffer + count).update(from: buffer + start, count: length)
        count += length
    }

    /// Appends the row that starts at `start` (in the buffer since the last `reserve`)
    /// again: a row exported twice.
    @inline(__always)
    mutating func repeatRow(from start: Int) {
        repeatBytes(from: start, length: count - start)
        rows += 1
    }

    /// ASCII text known at compile time.
    @inline(__always)
    mutating func text(_ s: StaticString) {
        bytes(s.utf8Start, s.utf8CodeUnitCount)
    }

    /// Bytes built for one row (a faulty date), appended with no other copy kept.
    mutating func bytes(_ array: [UInt8]) {
        array.withUnsafeBufferPointer { if let b = $0.baseAddress { bytes(b, $0.count) } }
    }

    /// Position of the next byte, for `repeatBytes`. Only valid until the next `reserve`.
    var mark: Int { count }

    /// A non-negative integer in decimal, left-padded with zeros to `width`.
    @inline(__always)
    mutating func int(_ value: Int, width: Int = 1) {
        var v = value
        var digits = 1
        var probe = v
        while probe >= 10 { probe /= 10; digits += 1 }
        let total = max(digits, width)
        var i = count + total - 1
        for _ in 0..<total {
            buffer[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
            i -= 1
        }
        count += total
    }

    /// A decimal with one place (`12.3`) from a count of tenths.
    @inline(__always)
    mutating func tenths(_ value: Int) {
        int(value / 10)
        byte(UInt8(ascii: "."))
        byte(UInt8(truncatingIfNeeded: value % 10) &+ 48)
    }

    @inline(__always)
    mutating func date(_ day: Int32, _ layout: DateLayout, _ table: DateTextTable) {
        count += table.write(day, layout, to: buffer + count)
    }

    /// Ends a data row with the file's line end and counts it.
    @inline(__always)
    mutating func endRow() {
        endLine()
        rows += 1
    }

    /// Counts a data row whose line end was written by hand.
    @inline(__always)
    mutating func countRow() { rows += 1 }

    /// Ends a line that is not a data row (the header).
    @inline(__always)
    mutating func endLine() {
        if lineEnd == .crlf { byte(13) }
        byte(10)
    }

    /// A header line, as text.
    mutating func header(_ text: String, bom: Bool = false) {
        let utf8 = Array(text.utf8)
        reserve(utf8.count + 8)
        if bom { byte(0xEF); byte(0xBB); byte(0xBF) }
        utf8.withUnsafeBufferPointer { bytes($0.baseAddress!, $0.count) }
        endLine()
    }
}
