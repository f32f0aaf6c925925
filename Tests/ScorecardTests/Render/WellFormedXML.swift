/// A strict, small well-formedness check for the HTML report, read as XML: tags
/// balance and nest, one root element, attributes quoted and not repeated, `&` only
/// in the five XML entities or a character reference, no `<` in text or attribute
/// values. No dependency on libxml2 (FoundationXML), so the test target links as before.
enum WellFormedXML {
    struct Problem: Error, CustomStringConvertible {
        var offset: Int
        var message: String
        var description: String { "at byte \(offset): \(message)" }
    }

    static func check(_ text: String) throws(Problem) {
        let b = Array(text.utf8)
        var i = 0
        var stack: [String] = []
        var roots = 0
        func fail(_ m: String) -> Problem { Problem(offset: i, message: m) }
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x3A || c == 0x2E
        }
        func starts(_ s: String) -> Bool { b[i...].starts(with: Array(s.utf8)) }
        func entity() throws(Problem) {
            // b[i] == "&"
            guard let semi = b[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw fail("bare '&'") }
            let name = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
            let named = ["amp", "lt", "gt", "quot", "apos"]
            let numeric = name.hasPrefix("#x") ? name.dropFirst(2).allSatisfy(\.isHexDigit) && name.count > 2
                : name.hasPrefix("#") ? name.dropFirst().allSatisfy(\.isNumber) && name.count > 1 : false
            guard named.contains(name) || numeric else { throw fail("unknown entity '&\(name);'") }
            i = semi + 1
        }
        func name() throws(Problem) -> String {
            let start = i
            while i < b.count, isNameByte(b[i]) { i += 1 }
            guard i > start else { throw fail("expected a name") }
            return String(decoding: b[start..<i], as: UTF8.self)
        }
        func skipSpace() { while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 } }

        while i < b.count {
            if b[i] == UInt8(ascii: "<") {
                if starts("<!--") {
                    guard let end = String(decoding: b[i...], as: UTF8.self).range(of: "-->") else { throw fail("unclosed comment") }
                    i += String(decoding: b[i...], as: UTF8.self)[..<end.upperBound].utf8.count
                } else if starts("<!DOCTYPE") {
                    guard stack.isEmpty, roots == 0, let close = b[i...].firstIndex(of: UInt8(ascii: ">")) else { throw fail("misplaced DOCTYPE") }
                    i = close + 1
                } else if starts("</") {
                    i += 2
                    let n = try name()
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ">") else { throw fail("malformed end tag </\(n)") }
                    i += 1
                    guard let open = stack.popLast() else { throw fail("end tag </\(n)> with nothing open") }
                    guard open == n else { throw fail("end tag </\(n)> closes <\(open)>") }
                } else {
                    i += 1
                    let n = try name()
                    if stack.isEmpty { roots += 1; guard roots == 1 else { throw fail("second root element <\(n)>") } }
                    var seen: Set<String> = []
                    while true {
                        skipSpace()
                        guard i < b.count else { throw fail("unclosed tag <\(n)") }
                        if b[i] == UInt8(ascii: ">") { i += 1; stack.append(n); break }
                        if starts("/>") { i += 2; break }
                        let attribute = try name()
                        guard seen.insert(attribute).inserted else { throw fail("repeated attribute \(attribute) on <\(n)>") }
                        skipSpace()
                        guard i < b.count, b[i] == UInt8(ascii: "=") else { throw fail("attribute \(attribute) on <\(n)> has no value") }
                        i += 1
                        skipSpace()
                        guard i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else { throw fail("unquoted value for \(attribute)") }
                        let quote = b[i]
                        i += 1
                        while i < b.count, b[i] != quote {
                            if b[i] == UInt8(ascii: "<") { throw fail("'<' in the value of \(attribute)") }
                            if b[i] == UInt8(ascii: "&") { try entity() } else { i += 1 }
                        }
                        guard i < b.count else { throw fail("unterminated value for \(attribute)") }
                        i += 1
                    }
                }
            } else if b[i] == UInt8(ascii: "&") {
                try entity()
            } else if b[i] == UInt8(ascii: ">") && stack.isEmpty && roots == 0 {
                throw fail("stray '>'")
            } else {
                if !stack.isEmpty || [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 } else { throw fail("text outside the root element") }
            }
        }
        guard stack.isEmpty else { throw fail("unclosed elements: \(stack.joined(separator: " > "))") }
        guard roots == 1 else { throw fail("no root element") }
    }
}
