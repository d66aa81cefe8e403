/// Escaping and marking of arbitrary text inside Markdown, so transcript text can never turn into markup.
enum MarkdownText {
  /// `text` with every character that CommonMark could read as markup backslash-escaped: emphasis, code, links,
  /// HTML, tables and strike-through anywhere, and headings, lists and rules at the start of a line.
  ///
  /// - Parameter lineStart: whether `text` begins a line (false for text placed after other text on its line).
  static func escape(_ text: String, lineStart: Bool = true) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var atLineStart = lineStart
    var digitsAtLineStart = false
    for ch in text {
      let alwaysSpecial = "\\`*_[]<>|~&".contains(ch)
      let blockStart = atLineStart && "#+-=".contains(ch)
      // "1. item" and "1) item" start an ordered list; an escaped "1\. item" does not.
      let listNumberEnd = digitsAtLineStart && (ch == "." || ch == ")")
      if alwaysSpecial || blockStart || listNumberEnd { out.append("\\") }
      out.append(ch)
      if ch == "\n" {
        atLineStart = true
        digitsAtLineStart = false
      } else if ch.isASCII && ch.isNumber && (atLineStart || digitsAtLineStart) {
        atLineStart = false
        digitsAtLineStart = true
      } else if !(ch == " " && atLineStart) {
        atLineStart = false
        digitsAtLineStart = false
      }
    }
    return out
  }

  /// `text` escaped and wrapped in `delimiter` (`~~` or `**`) line by line, with outer white space kept outside the
  /// delimiters, because CommonMark does not open emphasis next to white space or across a blank line.
  static func mark(_ text: String, with delimiter: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      let s = String(line)
      guard let first = s.firstIndex(where: { !$0.isWhitespace }),
        let last = s.lastIndex(where: { !$0.isWhitespace })
      else { return s }
      return String(s[..<first]) + delimiter + escape(String(s[first...last])) + delimiter
        + String(s[s.index(after: last)...])
    }.joined(separator: "\n")
  }

  /// Already-escaped Markdown `text` as a block quote that keeps its line breaks.
  static func quote(_ markdown: String) -> String {
    markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.allSatisfy(\.isWhitespace) ? ">" : "> " + line + "  "
    }.joined(separator: "\n")
  }

  /// `text` as an inline code span that survives backticks inside it.
  static func code(_ text: String) -> String {
    var fence = "`"
    while text.contains(fence) { fence += "`" }
    let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
    return fence + pad + text + pad + fence
  }
}
