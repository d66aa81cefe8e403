import JSONRPC
import Matching
import ReferenceIndex

/// A document's findings are kept without the reference excerpts of their matches, which are read again from the
/// index when a hover, the compare view or an evidence export needs them.
///
/// Every open document keeps its findings for as long as it is open, and an excerpt is the reference's side of a
/// passage, as long as the passage itself, kept for the few passages a user hovers over or exports. With ten 1 MB
/// transcripts open, the server's memory beyond the mapped index fell from 67 to 60 MiB once findings and the
/// candidates kept for rescans (`PieceResults`) held no excerpts. A match names its reference exactly (index
/// identity, document number and id) and the bytes it matched, so the excerpt is those bytes of the mapped index.
extension Passage {
  /// This passage without its matches' reference excerpts, where `withExcerpts(from:)` can read them again.
  func droppingExcerpts() -> Passage {
    // The passages of a rescan come from kept candidates that have none already; they are not copied again.
    guard hasDroppableExcerpts else { return self }
    var passage = self
    passage.best = best.map(Self.droppingExcerpt)
    passage.alternatives = alternatives.map(Self.droppingExcerpt)
    passage.background = background.map(Self.droppingExcerpt)
    return passage
  }

  /// This passage with the excerpts `droppingExcerpts()` left out read again from `library`; nil when a reference
  /// is no longer in an open index (the engine changed since the scan).
  func withExcerpts(from library: ReferenceLibrary?) -> Passage? {
    var passage = self
    if let best {
      guard let quoted = Self.withExcerpt(best, from: library) else { return nil }
      passage.best = quoted
    }
    var alternatives: [ReferenceMatch] = []
    for match in self.alternatives {
      guard let quoted = Self.withExcerpt(match, from: library) else { return nil }
      alternatives.append(quoted)
    }
    passage.alternatives = alternatives
    if let background {
      guard let quoted = Self.withExcerpt(background, from: library) else { return nil }
      passage.background = quoted
    }
    return passage
  }

  /// Whether `droppingExcerpts()` has anything to drop.
  var hasDroppableExcerpts: Bool {
    best.map(Self.hasDroppableExcerpt) ?? false || background.map(Self.hasDroppableExcerpt) ?? false
      || alternatives.contains(where: Self.hasDroppableExcerpt)
  }

  private static func hasDroppableExcerpt(_ match: ReferenceMatch) -> Bool {
    match.documentNumber != nil && !match.referenceExcerpt.isEmpty
  }

  private static func droppingExcerpt(_ match: ReferenceMatch) -> ReferenceMatch {
    guard hasDroppableExcerpt(match), !match.referenceRange.range.isEmpty else { return match }
    var dropped = match
    dropped.referenceExcerpt = ""
    return dropped
  }

  private static func withExcerpt(_ match: ReferenceMatch, from library: ReferenceLibrary?) -> ReferenceMatch? {
    let range = match.referenceRange.range
    // Only matches with a number lose their excerpt: an id alone may name another model's answer.
    guard match.referenceExcerpt.isEmpty, !range.isEmpty, match.documentNumber != nil else { return match }
    guard
      let document = library?.document(
        indexIdentity: match.indexIdentity, documentNumber: match.documentNumber, documentID: match.documentID),
      range.lowerBound >= 0, range.upperBound <= document.text.count
    else { return nil }
    var quoted = match
    quoted.referenceExcerpt = String(decoding: document.text[range], as: UTF8.self)
    return quoted
  }
}

extension DocumentFindings.Outcome {
  /// The outcome as a document keeps it: its passages without their reference excerpts (`droppingExcerpts()`).
  func droppingExcerpts() -> DocumentFindings.Outcome {
    // A language server's scan assembles its passages from candidates kept without excerpts: then nothing is copied
    // (copying the 500 passages of a long file of echoes was an eighth of publishing a keystroke's diagnostics).
    guard case .scanned(var result) = self, result.passages.contains(where: \.hasDroppableExcerpts) else { return self }
    result.passages = result.passages.map { $0.droppingExcerpts() }
    return .scanned(result)
  }
}

extension Server {
  /// Why a stored passage's excerpts could not be read again: the index it was found in is no longer open.
  static let referenceGone = ResponseError(
    code: .requestFailed,
    message: "the reference index changed since this document was scanned; try again once its rescan is done")
}
