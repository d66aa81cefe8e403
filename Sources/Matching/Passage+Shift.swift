extension Passage {
  /// The same finding `delta` bytes further on in its file: its segment moved, its text and findings did not.
  ///
  /// Every transcript range moves (the passage, each match's transcript range and alignment), and the id, which
  /// names the range, is made again, so the result equals what a scan of the moved text finds.
  public func shifted(by delta: Int) -> Passage {
    guard delta != 0 else { return self }
    var moved = self
    moved.moveTranscriptRanges(by: delta)
    moved.id = PassageID.make(kind: kind, range: moved.range, reference: idReference)
    return moved
  }

  /// Moves every transcript range `delta` bytes on, leaving the id, which names the range, for the caller to make
  /// again: `shifted(by:)`, or the scan's `report`, which makes a passage's id once, where it finally lies.
  mutating func moveTranscriptRanges(by delta: Int) {
    guard delta != 0 else { return }
    func move(_ match: inout ReferenceMatch) {
      match.transcriptRange = match.transcriptRange.moved(by: delta)
      for i in match.alignment.indices {
        match.alignment[i].transcript = match.alignment[i].transcript.moved(by: delta)
      }
    }
    range = range.moved(by: delta)
    if best != nil { move(&best!) }
    for i in alternatives.indices { move(&alternatives[i]) }
    if background != nil { move(&background!) }
  }

  /// What a passage's id names besides its kind and range: the best reference, or the claimed maker.
  var idReference: String {
    switch kind {
    case .echo, .commonText: return best?.documentID ?? ""
    case .selfIdentification: return identity?.maker ?? ""
    }
  }
}

extension Passage {
  /// Whether this passage is `other` moved `delta` bytes on: `self == other.shifted(by: delta)`, found without
  /// building the moved copy.
  ///
  /// The language server asks this of every passage after every keystroke, to reuse the diagnostics of the passages
  /// an edit only moved (`DiagnosticCache`); this answers without making each moved copy (its matches' alignments
  /// copied and its id hashed again) only to compare it.
  ///
  /// `eValuesAlike` decides when two matches' E-values count as the same (exactly equal by default): a caller that
  /// only shows an E-value's wording passes whether the two read the same, since every E-value changes with the
  /// transcript's token count, which most edits change by a token.
  public func isMoved(
    _ other: Passage, by delta: Int, eValuesAlike: (Double, Double) -> Bool = { $0 == $1 }
  ) -> Bool {
    if delta == 0 && self == other { return true }
    guard range == other.range.moved(by: delta), kind == other.kind,
      alternatives.count == other.alternatives.count,
      ReferenceMatch.isMoved(best, other.best, by: delta, eValuesAlike: eValuesAlike),
      ReferenceMatch.isMoved(background, other.background, by: delta, eValuesAlike: eValuesAlike),
      zip(alternatives, other.alternatives).allSatisfy({ $0.isMoved($1, by: delta, eValuesAlike: eValuesAlike) })
    else { return false }
    // Unmoved, the id stays as it is (`shifted(by: 0)` is the passage itself); moved, it is made again.
    guard delta == 0 ? id == other.id : id == PassageID.make(kind: kind, range: range, reference: other.idReference)
    else { return false }
    // Everything else must be equal as it is: compared member by member, not as two copies with the moved members
    // neutralised, which retained and released every member of both. A member added to `Passage` is added here.
    return strength == other.strength && role == other.role && text == other.text && identity == other.identity
      && contrast == other.contrast
  }
}

extension ReferenceMatch {
  /// Whether this match is `other` with its transcript range and alignment moved `delta` bytes on, as
  /// `Passage.shifted(by:)` moves them.
  func isMoved(
    _ other: ReferenceMatch, by delta: Int, eValuesAlike: (Double, Double) -> Bool = { $0 == $1 }
  ) -> Bool {
    guard transcriptRange == other.transcriptRange.moved(by: delta), alignment.count == other.alignment.count else {
      return false
    }
    for (span, otherSpan) in zip(alignment, other.alignment) {
      var moved = otherSpan
      moved.transcript = otherSpan.transcript.moved(by: delta)
      guard span == moved else { return false }
    }
    var mine = self
    var theirs = other
    mine.transcriptRange = theirs.transcriptRange
    mine.alignment = []
    theirs.alignment = []
    if mine.eValue != theirs.eValue && eValuesAlike(mine.eValue, theirs.eValue) { mine.eValue = theirs.eValue }
    return mine == theirs
  }

  static func isMoved(
    _ match: ReferenceMatch?, _ other: ReferenceMatch?, by delta: Int, eValuesAlike: (Double, Double) -> Bool
  ) -> Bool {
    switch (match, other) {
    case (nil, nil): return true
    case (let match?, let other?): return match.isMoved(other, by: delta, eValuesAlike: eValuesAlike)
    default: return false
    }
  }
}

extension ByteRange {
  /// The same range `delta` bytes on.
  func moved(by delta: Int) -> ByteRange { ByteRange(utf8Start: utf8Start + delta, utf8End: utf8End + delta) }
}
