/// The reference excerpt of a match as a sequence of shared and differing pieces, in reading order.
///
/// The evidence report and the editor hover both show "the reference with the transcript's differences marked".
/// This walk is the one place that turns alignment runs into those pieces; each renderer only decides how to mark
/// them up. Gaps between runs are copied from the excerpt as they are, so the reader sees the reference's own
/// spelling and punctuation.
public enum ReferenceDiff {
  public enum Piece: Hashable, Sendable {
    /// Text of the reference that the transcript has too (after normalisation).
    case same(String)
    /// Reference text the transcript left out.
    case deletion(String)
    /// Reference text the transcript replaced, and what it put instead.
    case substitution(reference: String, transcript: String)
    /// Transcript text the reference does not have.
    case insertion(String)
  }

  /// The pieces of `match`'s reference excerpt.
  public static func pieces(of match: EvidenceMatch) -> [Piece] {
    let excerpt = Array(match.referenceExcerpt.utf8)
    let base = match.referenceRange.utf8Start
    var cursor = 0
    var pieces: [Piece] = []
    func same(upTo end: Int) {
      let stop = min(max(end, cursor), excerpt.count)
      if stop > cursor { pieces.append(.same(String(decoding: excerpt[cursor..<stop], as: UTF8.self))) }
      cursor = max(cursor, stop)
    }
    for span in match.alignment.sorted(by: { $0.reference.utf8Start < $1.reference.utf8Start }) {
      let start = span.reference.utf8Start - base
      let end = span.reference.utf8End - base
      switch span.kind {
      case .equal:
        same(upTo: end)
      case .delete:
        same(upTo: start)
        pieces.append(.deletion(span.referenceText))
        cursor = max(cursor, min(end, excerpt.count))
      case .substitute:
        same(upTo: start)
        pieces.append(.substitution(reference: span.referenceText, transcript: span.transcriptText))
        cursor = max(cursor, min(end, excerpt.count))
      case .insert:
        same(upTo: start)
        pieces.append(.insertion(span.transcriptText))
      }
    }
    same(upTo: excerpt.count)
    return pieces
  }
}
