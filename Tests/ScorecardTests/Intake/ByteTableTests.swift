import Testing
@testable import Scorecard

/// The byte table packs an entry's place and length into one word; keys too long for
/// that word must still be found, and read back whole.
@Suite struct ByteTableTests {
    @Test func keysOfAnyLengthAreFoundAndReadBackWhole() {
        var table = ByteTable(capacity: 4)
        let keys: [[UInt8]] = [[], [65], Array(repeating: 66, count: 1 << 24), Array(repeating: 66, count: (1 << 24) + 1), Array("MAT:40001".utf8)]
        for (i, key) in keys.enumerated() {
            key.withUnsafeBufferPointer { #expect(table.insert($0, value: Int64(i)) == Int64(i)) }
        }
        // Enough other keys to make the table grow (and place every entry again).
        for i in 0..<5_000 { Array("key \(i)".utf8).withUnsafeBufferPointer { _ = table.insert($0, value: Int64(100 + i)) } }
        for (i, key) in keys.enumerated() {
            key.withUnsafeBufferPointer { #expect(table.value(for: $0) == Int64(i)) }
            #expect(table.key(i).count == key.count)
            #expect(Array(table.key(i)) == key)
        }
        Array("key 4999".utf8).withUnsafeBufferPointer { #expect(table.value(for: $0) == 5099) }
        Array("absent".utf8).withUnsafeBufferPointer { #expect(table.value(for: $0) == nil) }
        var added = false
        let v = Array("new".utf8).withUnsafeBufferPointer { key in table.value(for: key) { added = true; return 7 } }
        #expect(v == 7 && added)
    }
}
