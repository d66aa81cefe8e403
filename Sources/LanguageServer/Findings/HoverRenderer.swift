import Evidence
import Matching

/// The hover text of a flagged passage: what it matches, how closely, how unlikely by chance, and where it differs.
///
/// The hover must read right in three kinds of client: VS Code renders Markdown fully, Neovim shows the Markdown
/// source with some markers concealed (so a backslash escape stays visible and strike-through looks like plain
/// text), and some clients show plain text. So the differences are marked the same way in every mode, with
/// CriticMarkup's `{--only in the reference--}` and `{++only in the transcript++}`, which reads as a diff even as
/// plain text; the reference excerpt sits in a fenced code block, where nothing needs escaping; and other text is
/// escaped only where a character would otherwise start Markdown markup (`user_oriented_task_23` stays as it is).
struct HoverRenderer {
  var markdown: Bool
  /// The document's bytes, for the transcript side of insertions and substitutions.
  var transcript: [UInt8]

  /// Excerpts longer than this are cut, so a hover stays readable.
  static let maxExcerptBytes = 1500

  func render(_ passage: Passage) -> String {
    var out: [String] = []
    let kind = passage.kind.rawValue
    out.append(
      markdown
        ? "**echolens: \(kind)** (\(passage.strength.rawValue) evidence)"
        : "echolens: \(kind) (\(passage.strength.rawValue) evidence)")
    out.append(escape(FindingMessage.text(for: passage)))
    switch passage.kind {
    case .selfIdentification:
      if let identity = passage.identity {
        let claim = identity.claimedModel.map { "\($0), made by \(identity.maker)" } ?? "made by \(identity.maker)"
        out.append(bold("Claims:") + " " + escape(claim) + " (rule: " + escape(identity.rule) + ")")
      }
      out.append(bold("Text:") + " " + escape(FindingMessage.excerpt(passage.text, limit: 300)))
    case .echo, .commonText:
      if let best = passage.best { out.append(contentsOf: describe(best, title: "Reference")) }
      if let background = passage.background {
        out.append(contentsOf: describe(background, title: "Background match"))
      }
      if !passage.alternatives.isEmpty {
        var lines = [bold("Other matching references:")]
        for match in passage.alternatives.prefix(8) {
          lines.append(
            "- " + code(match.documentID) + " by " + escape(match.model) + ": "
              + FindingMessage.percent(match.similarity) + " similar, "
              + SignificanceWording.strength(eValue: match.eValue, basis: match.significance))
        }
        if passage.alternatives.count > 8 { lines.append("- … and \(passage.alternatives.count - 8) more") }
        out.append(lines.joined(separator: "\n"))
      }
    }
    return out.joined(separator: "\n\n")
  }

  private func describe(_ match: ReferenceMatch, title: String) -> [String] {
    var out: [String] = []
    out.append(
      bold("\(title):") + " " + code(match.documentID) + " by " + bold(escape(match.model)) + " (from "
        + code(match.source) + ")")
    if let prompt = match.prompt, !prompt.isEmpty {
      out.append(bold("Prompt:") + " " + escape(FindingMessage.excerpt(prompt, limit: 300)))
    }
    let legend = "(" + deleted("only in the reference") + " " + inserted("only in the transcript") + ")"
    out.append(bold("Reference excerpt") + " " + legend + ":\n" + block(markedExcerpt(match)))
    out.append(
      "Similarity \(FindingMessage.percent(match.similarity)) over \(match.tokenCount) words; longest verbatim run "
        + "\(match.longestVerbatimRun) words; \(SignificanceWording.strength(eValue: match.eValue, basis: match.significance)) "
        + "(E-value \(FindingMessage.scientific(match.eValue)))")
    return out
  }

  /// The reference excerpt with the alignment's differences marked (`ReferenceDiff`, as in the evidence report).
  func markedExcerpt(_ match: ReferenceMatch) -> String {
    let evidence = EvidenceMatch(match, lines: LineTable(bytes: transcript))
    var out = ""
    for piece in ReferenceDiff.pieces(of: evidence) {
      switch piece {
      case .same(let text):
        out += text
      case .deletion(let text):
        out += deleted(text)
      case .substitution(let reference, let transcript):
        out += deleted(reference) + " " + inserted(transcript)
      case .insertion(let text):
        let needsSpace = !(out.last?.isWhitespace ?? true)
        out += (needsSpace ? " " : "") + inserted(text) + " "
      }
      if out.utf8.count > Self.maxExcerptBytes { return out + " …" }
    }
    return out
  }

  // MARK: Markup

  /// Text only in the reference, in CriticMarkup (the excerpt is code, so no Markdown escaping applies).
  private func deleted(_ text: String) -> String { "{--\(oneLine(text))--}" }

  /// Text only in the transcript, in CriticMarkup.
  private func inserted(_ text: String) -> String { "{++\(oneLine(text))++}" }

  private func oneLine(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
  }

  private func bold(_ text: String) -> String { markdown ? "**\(text)**" : text }

  private func code(_ text: String) -> String {
    guard markdown else { return text }
    let fence = text.contains("`") ? "`` " : "`"
    return fence + text + (fence == "`` " ? " ``" : "`")
  }

  /// Reference text shown as written: a fenced code block in Markdown (the fence longer than any backtick run in
  /// the text), indented lines in plain text.
  private func block(_ text: String) -> String {
    guard markdown else {
      return text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
    var longestRun = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longestRun = max(longestRun, run)
    }
    let fence = String(repeating: "`", count: max(3, longestRun + 1))
    return fence + "text\n" + text + "\n" + fence
  }

  /// Escapes the characters of `text` that would start Markdown markup where they stand, and no others.
  ///
  /// Neovim shows backslash escapes as typed, so escaping every punctuation mark (`user\_oriented\_task`) makes
  /// a hover hard to read there. CommonMark's rules let most punctuation stand: an underscore inside a word never
  /// emphasises, a star or tilde between spaces is literal, `<` opens HTML only before a letter, `/`, `!` or `?`,
  /// and `#`, `>`, `-`, `+`, `*` are block markers only at the start of a line before a space.
  func escape(_ text: String) -> String {
    guard markdown else { return text }
    let characters = Array(text)
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var atLineStart = true
    for (i, character) in characters.enumerated() {
      let previous = i > 0 ? characters[i - 1] : " "
      let next = i + 1 < characters.count ? characters[i + 1] : " "
      if Self.startsMarkup(character, previous: previous, next: next, atLineStart: atLineStart, rest: characters[i...])
      {
        out.append("\\")
      }
      out.append(character)
      atLineStart = character.isNewline || (atLineStart && character == " ")
    }
    return out
  }

  /// Whether `character`, between `previous` and `next`, would be read as Markdown markup.
  static func startsMarkup(
    _ character: Character, previous: Character, next: Character, atLineStart: Bool, rest: ArraySlice<Character>
  ) -> Bool {
    let spaceBefore = previous.isWhitespace
    let spaceAfter = next.isWhitespace
    switch character {
    case "`":
      return true
    case "\\":
      return next.isASCII && next.isPunctuation || next.isASCII && next.isSymbol
    case "_":
      // Intraword underscores never open or close emphasis; between spaces one is literal.
      let inWord = (previous.isLetter || previous.isNumber) && (next.isLetter || next.isNumber)
      return !inWord && !(spaceBefore && spaceAfter)
    case "*", "~":
      if atLineStart && character == "*" && spaceAfter { return true }
      return !(spaceBefore && spaceAfter)
    case "[":
      // A bracket links only when a closing one follows on the line.
      return rest.dropFirst().prefix(while: { !$0.isNewline }).contains("]")
    case "<":
      return next.isLetter || next == "/" || next == "!" || next == "?"
    case "#":
      return atLineStart && (next == "#" || spaceAfter)
    case ">", "-", "+":
      return atLineStart && spaceAfter
    case "&":
      // An entity reference (`&amp;`) would be decoded.
      return next.isLetter || next == "#"
    default:
      return false
    }
  }
}
