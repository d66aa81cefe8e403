extension EchoMatch {
  /// This match cut down to the columns over the transcript tokens `range`, scored as if it had been aligned there
  /// alone; nil when no equal token of it lies there.
  ///
  /// Whether the panel explains a passage is a question about the passage's own text. A panel answer that matches
  /// the transcript around a planted copy, and is aligned across it, matches far more text than the copy and earns
  /// far more bits, but says nothing about the copy itself: compared whole, it made the copy "common text". On the
  /// recall bench, a 35-token verbatim copy of an MT-bench reference answer, planted into a held-out answer that
  /// repeats one line over and over, was reported so: a panel answer repeating the same lines matched the whole
  /// answer (3,014 bits against the copy's 181).
  ///
  /// A deleted reference token belongs to the transcript token before it. The cut starts and ends on equal tokens,
  /// as an alignment does.
  func clipped(toQuery range: Range<Int>, scale: SignificanceScale, queryTokensForEValue: Int) -> EchoMatch? {
    guard !columnBits.isEmpty, range.lowerBound > queryRange.lowerBound || range.upperBound < queryRange.upperBound
    else { return self }
    var kept: [(column: TokenAligner.Column, bits: Double)] = []
    var query = queryRange.lowerBound
    for (column, bits) in zip(columns, columnBits) {
      switch column {
      case .equal(let q, _), .substitute(let q, _), .insert(let q): query = q
      case .delete: break
      }
      if range.contains(query) { kept.append((column, bits)) }
    }
    // The cut starts and ends on equal columns, which bound both its ranges.
    guard let first = kept.firstIndex(where: { $0.column.isEqual }),
      let last = kept.lastIndex(where: { $0.column.isEqual }),
      case .equal(let queryStart, let referenceStart) = kept[first].column,
      case .equal(let queryEnd, let referenceEnd) = kept[last].column
    else { return nil }
    let cut = kept[first...last]
    var clipped = self
    clipped.columns = cut.map(\.column)
    clipped.columnBits = cut.map(\.bits)
    clipped.queryRange = queryStart..<(queryEnd + 1)
    clipped.referenceRange = referenceStart..<(referenceEnd + 1)
    (clipped.equalCount, clipped.longestRun) = Self.equalRuns(clipped.columns)
    clipped.bits = SignificanceModel.bits(
      matchedBits: clipped.columnBits.reduce(0, +), columns: clipped.columns.count,
      edits: clipped.columns.count - clipped.equalCount, editBits: scale.editBits)
    clipped.eValue = scale.eValue(bits: clipped.bits, transcriptTokens: queryTokensForEValue)
    return clipped
  }
}
