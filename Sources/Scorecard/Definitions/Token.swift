/// The smallest pieces of a definition file.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case string(String)
        /// A number literal; `isInteger` keeps `1825` integral so integer arithmetic stays exact.
        case number(Double, isInteger: Bool)
        /// Punctuation and operators: `{ } ( ) , . = != < <= > >= + - * / ->`.
        case symbol(String)
        case newline
        case end
    }

    var kind: Kind
    var location: SourceLocation

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
    func isWord(_ w: String) -> Bool { kind == .identifier(w) }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .string(let text): return "\"\(text)\""
        case .number(let value, let isInteger): return isInteger ? "\(Int(value))" : "\(value)"
        case .symbol(let symbol): return "'\(symbol)'"
        case .newline: return "end of line"
        case .end: return "end of file"
        }
    }
}
