/// One aligned, scored match of a transcript region against one reference document, before grouping.
struct EchoMatch {
  var shard: Int
  var document: Int
  /// Transcript token range and reference token range (segment / document token indices).
  var queryRange: Range<Int>
  var referenceRange: Range<Int>
  var columns: [TokenAligner.Column]
  /// Per column, the bits its equal token adds (0 for edits); empty when the match was too short or too loose to
  /// be scored. What `clipped(toQuery:scale:queryTokensForEValue:)` scores a part of the match by.
  var columnBits: [Double]
  var equalCount: Int
  var longestRun: Int
  var bits: Double
  var eValue: Double

  var similarity: Double { columns.isEmpty ? 0 : Double(equalCount) / Double(columns.count) }

  /// How many of `columns` are equal, and the longest run of equal ones.
  static func equalRuns(_ columns: [TokenAligner.Column]) -> (equal: Int, longest: Int) {
    var equal = 0
    var run = 0
    var longest = 0
    for column in columns {
      if column.isEqual {
        equal += 1
        run += 1
        longest = max(longest, run)
      } else {
        run = 0
      }
    }
    return (equal, longest)
  }
  var tokenCount: Int { queryRange.count }

  /// Share of the smaller query range that the two matches have in common.
  func queryOverlap(with other: EchoMatch) -> Double {
    let common =
      min(queryRange.upperBound, other.queryRange.upperBound)
      - max(queryRange.lowerBound, other.queryRange.lowerBound)
    guard common > 0 else { return 0 }
    return Double(common) / Double(max(1, min(queryRange.count, other.queryRange.count)))
  }

  /// Share of the smaller reference range that two matches of the same document have in common (0 for others).
  func referenceOverlap(with other: EchoMatch) -> Double {
    guard shard == other.shard, document == other.document else { return 0 }
    let common =
      min(referenceRange.upperBound, other.referenceRange.upperBound)
      - max(referenceRange.lowerBound, other.referenceRange.lowerBound)
    guard common > 0 else { return 0 }
    return Double(common) / Double(max(1, min(referenceRange.count, other.referenceRange.count)))
  }
}
