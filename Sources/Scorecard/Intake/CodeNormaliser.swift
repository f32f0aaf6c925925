/// How codes and names are matched: ignoring case, spaces at either end and runs of
/// spaces inside (read as one). A space inside a code still matters (`E W` is not `EW`).
/// Maps of hand-typed names may also ignore spaces around a character, whole words,
/// and treat two spellings (`&`, `and`) as one.
struct CodeNormaliser: Sendable {
    var spacesAround: [UInt8] = []
    var ignoredWords: [[UInt8]] = []
    var same: [([UInt8], [UInt8])] = []

    static let plain = CodeNormaliser()

    func normalise(_ raw: some Collection<UInt8>) -> [UInt8] {
        var words: [[UInt8]] = []
        var word: [UInt8] = []
        for b in raw {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                if !word.isEmpty { words.append(word); word = [] }
            } else {
                word.append(b >= 65 && b <= 90 ? b | 0x20 : b)
            }
        }
        if !word.isEmpty { words.append(word) }
        if !same.isEmpty {
            words = words.map { w in same.first { $0.0 == w }?.1 ?? w }
        }
        if !ignoredWords.isEmpty {
            words.removeAll { ignoredWords.contains($0) }
        }
        var out: [UInt8] = []
        for (i, w) in words.enumerated() {
            if i > 0 {
                let joinTight = spacesAround.contains(w.first!) || spacesAround.contains(out.last!)
                if !joinTight { out.append(UInt8(ascii: " ")) }
            }
            out.append(contentsOf: w)
        }
        return out
    }
}
