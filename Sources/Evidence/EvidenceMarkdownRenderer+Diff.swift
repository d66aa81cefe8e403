extension EvidenceMarkdownRenderer {
  /// The reference excerpt with the transcript's differences marked: `~~struck~~` text is only in the reference,
  /// `**bold**` text only in the transcript; unmarked text is the same in both (after normalisation).
  ///
  /// Walks the excerpt once, copying the gaps between alignment runs as they are, so the reader sees the
  /// reference's own spelling and punctuation.
  static func markedReference(_ match: EvidenceMatch) -> String {
    let excerpt = Array(match.referenceExcerpt.utf8)
    let base = match.referenceRange.utf8Start
    var cursor = 0
    var out = ""
    func plain(upTo end: Int) {
      let stop = min(max(end, cursor), excerpt.count)
      if stop > cursor { out += MarkdownText.escape(String(decoding: excerpt[cursor..<stop], as: UTF8.self)) }
      cursor = max(cursor, stop)
    }
    for span in match.alignment.sorted(by: { $0.reference.utf8Start < $1.reference.utf8Start }) {
      let start = span.reference.utf8Start - base
      let end = span.reference.utf8End - base
      switch span.kind {
      case .equal:
        plain(upTo: end)
      case .delete:
        plain(upTo: start)
        out += MarkdownText.mark(span.referenceText, with: "~~")
        cursor = max(cursor, min(end, excerpt.count))
      case .substitute:
        plain(upTo: start)
        out +=
          MarkdownText.mark(span.referenceText, with: "~~") + " "
          + MarkdownText.mark(span.transcriptText, with: "**")
        cursor = max(cursor, min(end, excerpt.count))
      case .insert:
        plain(upTo: start)
        let needsSpace = !(out.last?.isWhitespace ?? true)
        out += (needsSpace ? " " : "") + MarkdownText.mark(span.transcriptText, with: "**") + " "
      }
    }
    plain(upTo: excerpt.count)
    return out
  }
}
