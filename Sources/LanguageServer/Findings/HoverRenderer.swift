import Evidence
import Matching

/// The hover text of a flagged passage: what it matches, how closely, how unlikely by chance, and where it differs.
///
/// Markdown marks text only in the reference as `~~struck~~` and text only in the transcript as `**bold**`; the
/// plain-text fallback uses `[-deleted-]` and `{+inserted+}` as `git diff --word-diff` does.
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
              + SignificanceWording.chance(eValue: match.eValue))
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
    let legend =
      markdown
      ? "(~~only in the reference~~ **only in the transcript**)"
      : "([-only in the reference-] {+only in the transcript+})"
    out.append(bold("Reference excerpt") + " " + legend + ":\n" + quote(markedExcerpt(match)))
    out.append(
      "Similarity \(FindingMessage.percent(match.similarity)) over \(match.tokenCount) words; longest verbatim run "
        + "\(match.longestVerbatimRun) words; \(SignificanceWording.chance(eValue: match.eValue)) "
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
        out += escape(text)
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

  private func deleted(_ text: String) -> String {
    let words = oneLine(text)
    return markdown ? "~~\(escape(words))~~" : "[-\(words)-]"
  }

  private func inserted(_ text: String) -> String {
    let words = oneLine(text)
    return markdown ? "**\(escape(words))**" : "{+\(words)+}"
  }

  private func oneLine(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
  }

  private func bold(_ text: String) -> String { markdown ? "**\(text)**" : text }

  private func code(_ text: String) -> String {
    guard markdown else { return text }
    let fence = text.contains("`") ? "`` " : "`"
    return fence + text + (fence == "`` " ? " ``" : "`")
  }

  private func quote(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.map { (markdown ? "> " : "  ") + $0 }.joined(separator: "\n")
  }

  /// Escapes Markdown punctuation so that reference text is shown as written.
  func escape(_ text: String) -> String {
    guard markdown else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var atLineStart = true
    for character in text {
      // Inline markup anywhere; block markers only where they start a line.
      if "\\`*_[]<>|~".contains(character) || atLineStart && "#-+".contains(character) { out.append("\\") }
      out.append(character)
      atLineStart = character.isNewline || (atLineStart && character == " ")
    }
    return out
  }
}
