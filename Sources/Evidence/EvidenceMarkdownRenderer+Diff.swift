extension EvidenceMarkdownRenderer {
  /// The reference excerpt with the transcript's differences marked: `~~struck~~` text is only in the reference,
  /// `**bold**` text only in the transcript; unmarked text is the same in both (after normalisation).
  /// The pieces come from `ReferenceDiff`, shared with the editor hover.
  static func markedReference(_ match: EvidenceMatch) -> String {
    var out = ""
    for piece in ReferenceDiff.pieces(of: match) {
      switch piece {
      case .same(let text):
        out += MarkdownText.escape(text)
      case .deletion(let text):
        out += MarkdownText.mark(text, with: "~~")
      case .substitution(let reference, let transcript):
        out += MarkdownText.mark(reference, with: "~~") + " " + MarkdownText.mark(transcript, with: "**")
      case .insertion(let text):
        let needsSpace = !(out.last?.isWhitespace ?? true)
        out += (needsSpace ? " " : "") + MarkdownText.mark(text, with: "**") + " "
      }
    }
    return out
  }
}
