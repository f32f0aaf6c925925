/// Every table's columns as raw pointers, at `record * stride + field`, while
/// `Dataset.withColumnPointers` runs; nil outside it (readers then read the tables).
///
/// Why: a compiled expression reading `x.field` would otherwise go through the tables
/// array, the table and its array of columns, taking and dropping a reference count at
/// each step, for every read of every record in every window.
///
/// Owns: the two slot arrays, allocated for the dataset's lifetime (`let`s, so reading
/// a slot needs no exclusivity check). Does not own the columns: a slot holds a pointer
/// only inside the `withUnsafeBufferPointer` scope of its column (`NestedBuffers`), set
/// on entering and cleared before leaving, so no pointer outlives its array's scope.
final class ColumnPointers: @unchecked Sendable {
    let stride: Int
    private let slots: Int
    private let ints: UnsafeMutablePointer<UnsafePointer<Int64>?>
    private let doubles: UnsafeMutablePointer<UnsafePointer<Double>?>

    init(tables: Int, fieldsPerTable: Int) {
        stride = max(1, fieldsPerTable)
        slots = max(1, tables * stride)
        ints = .allocate(capacity: slots)
        doubles = .allocate(capacity: slots)
        ints.initialize(repeating: nil, count: slots)
        doubles.initialize(repeating: nil, count: slots)
    }

    deinit {
        ints.deallocate()
        doubles.deallocate()
    }

    @inline(__always)
    func int(_ record: Int, _ field: Int) -> UnsafePointer<Int64>? { ints[record &* stride &+ field] }

    @inline(__always)
    func double(_ record: Int, _ field: Int) -> UnsafePointer<Double>? { doubles[record &* stride &+ field] }

    /// Sets the given slots to the columns' storage for the duration of `body`, then
    /// clears them. `intColumns` and `doubleColumns` pair a slot with its column.
    func with<R>(ints intColumns: [(slot: Int, column: [Int64])], doubles doubleColumns: [(slot: Int, column: [Double])],
                 _ body: () throws -> R) rethrows -> R {
        try NestedBuffers.read(intColumns.map(\.column)) { intBuffers in
            try NestedBuffers.read(doubleColumns.map(\.column)) { doubleBuffers in
                for (k, c) in intColumns.enumerated() { ints[c.slot] = intBuffers[k].baseAddress }
                for (k, c) in doubleColumns.enumerated() { doubles[c.slot] = doubleBuffers[k].baseAddress }
                defer {
                    ints.update(repeating: nil, count: slots)
                    doubles.update(repeating: nil, count: slots)
                }
                return try body()
            }
        }
    }
}
