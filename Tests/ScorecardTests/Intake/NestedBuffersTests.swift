import Testing
@testable import Scorecard

/// The scoped pointer helpers: every array's storage is handed to the body, writes
/// land in the arrays themselves, and column pointers exist only while evaluation
/// (`Dataset.withColumnPointers`) runs.
@Suite struct NestedBuffersTests {
    @Test func readsEveryArrayInOrder() {
        let arrays: [[Int64]] = [[1, 2, 3], [], [7], [4, 5]]
        let seen = NestedBuffers.read(arrays) { buffers in buffers.map { Array($0) } }
        #expect(seen == arrays)
        #expect(NestedBuffers.read([[Int64]]()) { $0.count } == 0)
    }

    @Test func writesInPlaceAndPutsTheArraysBack() {
        var arrays: [[Int64]] = [[1, 2, 3], [10, 20], []]
        let before = arrays[0].withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let during = NestedBuffers.modify(&arrays) { buffers in
            for b in buffers { for i in b.indices { b[i] *= 2 } }
            return UInt(bitPattern: buffers[0].baseAddress)
        }
        #expect(arrays == [[2, 4, 6], [20, 40], []])
        #expect(during == before, "a uniquely held array is written in place, not copied")
    }

    @Test func aSharedArrayIsCopiedNotWrittenThrough() {
        var arrays: [[Int64]] = [[1, 2, 3]]
        let shared = arrays[0]
        NestedBuffers.modify(&arrays) { buffers in buffers[0][0] = 99 }
        #expect(arrays[0] == [99, 2, 3])
        #expect(shared == [1, 2, 3])
    }

    @Test func columnPointersExistOnlyWhileEvaluating() {
        let definitions = Repo.definitions
        let record = definitions.records.firstIndex { $0.name == "score" }!
        let dataset = Dataset(definitions: definitions)
        let table = dataset.tables[record]
        let fields = table.type.fields.count
        let values = (0..<3).flatMap { r in (0..<fields).map { f in Int64(r * 10 + f) } }
        table.append(candidates: [0, 1, 2], values: values, fieldCount: fields, lines: [2, 3, 4], source: 0)
        let field = (0..<fields).first { !table.isDecimal($0) }!
        #expect(dataset.intColumn(record, field) == nil)
        let read = dataset.withColumnPointers { () -> [Int64]? in
            guard let column = dataset.intColumn(record, field) else { return nil }
            // Nested calls run their body with the same pointers.
            let nested = dataset.withColumnPointers { dataset.intColumn(record, field) }
            #expect(nested == column)
            return (0..<3).map { column[$0] }
        }
        #expect(read == [Int64(field), Int64(10 + field), Int64(20 + field)])
        #expect(dataset.intColumn(record, field) == nil)
    }
}
