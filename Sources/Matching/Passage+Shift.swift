extension Passage {
  /// The same finding `delta` bytes further on in its file: its segment moved, its text and findings did not.
  ///
  /// Every transcript range moves (the passage, each match's transcript range and alignment), and the id, which
  /// names the range, is made again, so the result equals what a scan of the moved text finds.
  public func shifted(by delta: Int) -> Passage {
    guard delta != 0 else { return self }
    func move(_ range: ByteRange) -> ByteRange {
      ByteRange(utf8Start: range.utf8Start + delta, utf8End: range.utf8End + delta)
    }
    func move(_ match: ReferenceMatch) -> ReferenceMatch {
      var moved = match
      moved.transcriptRange = move(match.transcriptRange)
      moved.alignment = match.alignment.map { span in
        var span = span
        span.transcript = move(span.transcript)
        return span
      }
      return moved
    }
    var moved = self
    moved.range = move(range)
    moved.best = best.map(move)
    moved.alternatives = alternatives.map(move)
    moved.background = background.map(move)
    let reference: String
    switch kind {
    case .echo, .commonText: reference = best?.documentID ?? ""
    case .selfIdentification: reference = identity?.maker ?? ""
    }
    moved.id = PassageID.make(kind: kind, range: moved.range, reference: reference)
    return moved
  }
}
