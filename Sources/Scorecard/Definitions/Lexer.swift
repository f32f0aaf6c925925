import Foundation

/// Turns definition text into tokens. Newlines end statements, except where a
/// statement plainly goes on: inside brackets, after an operator, `and`, `or`
/// or a comma, or before a line that starts with `and` / `or`.
struct Lexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private(set) var diagnostics: [Diagnostic] = []

    init(text: String, file: String) {
        self.bytes = Array(text.utf8)
        self.file = file
    }

    private static let continuing: Set<String> = [
        "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "->", ",", "(", "{",
    ]

    mutating func tokenize() -> [Token] {
        var raw: [Token] = []
        var depth = 0
        while let token = next() {
            if case .symbol(let s) = token.kind {
                if s == "(" { depth += 1 } else if s == ")" { depth = max(0, depth - 1) }
            }
            if token.kind == .newline {
                if depth > 0 { continue }
                guard let last = raw.last else { continue }
                if last.kind == .newline { continue }
                if case .symbol(let s) = last.kind, Self.continuing.contains(s) { continue }
                if last.isWord("and") || last.isWord("or") { continue }
            } else if token.isWord("and") || token.isWord("or"), raw.last?.kind == .newline {
                raw.removeLast()
            }
            raw.append(token)
        }
        raw.append(Token(kind: .newline, location: here))
        raw.append(Token(kind: .end, location: here))
        return raw
    }

    private var here: SourceLocation {
        SourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    private mutating func next() -> Token? {
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
                index += 1
            } else if b == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else {
                break
            }
        }
        guard index < bytes.count else { return nil }
        let start = here
        let b = bytes[index]
        if b == UInt8(ascii: "\n") {
            index += 1
            line += 1
            lineStart = index
            return Token(kind: .newline, location: start)
        }
        if b == UInt8(ascii: "\"") { return lexString(start) }
        if isDigit(b) { return lexNumber(start) }
        if isIdentifierStart(b) {
            let from = index
            while index < bytes.count, isIdentifierStart(bytes[index]) || isDigit(bytes[index]) { index += 1 }
            return Token(kind: .identifier(String(decoding: bytes[from..<index], as: UTF8.self)), location: start)
        }
        for symbol in ["!=", "<=", ">=", "->"] where matches(symbol) {
            index += 2
            return Token(kind: .symbol(symbol), location: start)
        }
        if "{}(),.=<>+-*/".utf8.contains(b) {
            index += 1
            return Token(kind: .symbol(String(UnicodeScalar(b))), location: start)
        }
        let from = index
        index += 1
        while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        diagnostics.append(Diagnostic(at: start, "unexpected character '\(String(decoding: bytes[from..<index], as: UTF8.self))'"))
        return next()
    }

    private func matches(_ symbol: String) -> Bool {
        let s = Array(symbol.utf8)
        return index + s.count <= bytes.count && Array(bytes[index..<index + s.count]) == s
    }

    private mutating func lexString(_ start: SourceLocation) -> Token {
        index += 1
        var text: [UInt8] = []
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return Token(kind: .string(String(decoding: text, as: UTF8.self)), location: start)
            }
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\"), index + 1 < bytes.count,
               bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\") {
                text.append(bytes[index + 1])
                index += 2
                continue
            }
            // "\t" is a tab: the delimiter of tab-separated exports.
            if b == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "t") {
                text.append(0x09)
                index += 2
                continue
            }
            text.append(b)
            index += 1
        }
        diagnostics.append(Diagnostic(at: start, "unterminated string; close it with '\"' on the same line"))
        return Token(kind: .string(String(decoding: text, as: UTF8.self)), location: start)
    }

    private mutating func lexNumber(_ start: SourceLocation) -> Token {
        let from = index
        while index < bytes.count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { index += 1 }
        var isInteger = true
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(bytes[index + 1]) {
            isInteger = false
            index += 1
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[from..<index], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        var value = Double(text) ?? 0
        if value > 1e12 {
            // Keeps every later integer conversion in range.
            diagnostics.append(Diagnostic(at: start, "number \(text) is too large; numbers here are below 1,000,000,000,000"))
            value = 0
        }
        return Token(kind: .number(value, isInteger: isInteger), location: start)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }
}
