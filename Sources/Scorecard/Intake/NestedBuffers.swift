/// Several arrays' storage at once, each pointer used only inside its own
/// `withUnsafe…BufferPointer` call.
///
/// Why: hot loops over several columns (key hashing, following references, moving rows
/// down) read them through raw pointers, not through arrays (no retain, no bounds check,
/// shareable between threads). A pointer taken out of `withUnsafeBufferPointer` is
/// undefined behaviour once the call returns (the array may be moved, copied on write
/// or freed), so these nest one call per array and run `body` in the innermost one:
/// every pointer `body` sees is valid until `body` returns, and not after. The nesting
/// is one stack frame per array, a few dozen at most.
enum NestedBuffers {
    /// Calls `body` with every array's storage, in order. `body` must not keep the
    /// pointers. The arrays are retained by `arrays` for the whole call.
    static func read<T, R>(_ arrays: [[T]], _ body: ([UnsafeBufferPointer<T>]) throws -> R) rethrows -> R {
        var taken: [UnsafeBufferPointer<T>] = []
        taken.reserveCapacity(arrays.count)
        return try read(arrays, from: 0, &taken, body)
    }

    private static func read<T, R>(_ arrays: [[T]], from i: Int, _ taken: inout [UnsafeBufferPointer<T>],
                                   _ body: ([UnsafeBufferPointer<T>]) throws -> R) rethrows -> R {
        guard i < arrays.count else { return try body(taken) }
        return try arrays[i].withUnsafeBufferPointer { buffer in
            taken.append(buffer)
            return try read(arrays, from: i + 1, &taken, body)
        }
    }

    /// Calls `body` with every array's storage, writable in place, in order. `body`
    /// must not keep the pointers. Each array is moved out of `arrays` for the call (so
    /// a uniquely held array is written in place, never copied) and put back after;
    /// an array whose storage something else shares is copied first, as for any write.
    static func modify<T, R>(_ arrays: inout [[T]], _ body: ([UnsafeMutableBufferPointer<T>]) throws -> R) rethrows -> R {
        var taken: [UnsafeMutableBufferPointer<T>] = []
        taken.reserveCapacity(arrays.count)
        return try modify(&arrays, from: 0, &taken, body)
    }

    private static func modify<T, R>(_ arrays: inout [[T]], from i: Int, _ taken: inout [UnsafeMutableBufferPointer<T>],
                                     _ body: ([UnsafeMutableBufferPointer<T>]) throws -> R) rethrows -> R {
        guard i < arrays.count else { return try body(taken) }
        var array: [T] = []
        swap(&array, &arrays[i])
        defer { swap(&array, &arrays[i]) }
        return try array.withUnsafeMutableBufferPointer { buffer in
            taken.append(buffer)
            return try modify(&arrays, from: i + 1, &taken, body)
        }
    }
}
