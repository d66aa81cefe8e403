/// Local alignment of two token sequences within a diagonal band (Smith–Waterman on terms).
///
/// Seeds say roughly where a copy lies; the alignment says exactly which tokens were kept, inserted, deleted or
/// substituted, and where the copied region begins and ends. The band keeps the cost linear in the passage length.
struct TokenAligner {
  static let match = 2
  static let mismatch = -2
  static let gap = -2

  /// One column of an alignment.
  enum Column: Equatable {
    case equal(query: Int, reference: Int)
    case substitute(query: Int, reference: Int)
    /// A transcript token with no counterpart.
    case insert(query: Int)
    /// A reference token with no counterpart.
    case delete(reference: Int)
  }

  struct Alignment {
    var columns: [Column]
    var score: Int
    var queryRange: Range<Int>
    var referenceRange: Range<Int>
  }

  /// Score and traceback matrices reused from one alignment to the next within a scan, so that aligning thousands of
  /// candidates does not allocate and zero thousands of fresh arrays.
  final class Workspace {
    var score: [Int32] = []
    var trace: [UInt8] = []

    func reserve(_ cells: Int) {
      if score.count < cells {
        score = [Int32](repeating: 0, count: cells)
        trace = [UInt8](repeating: 0, count: cells)
      }
    }
  }

  /// Aligns `query[queryWindow]` with `reference[referenceWindow]`, allowing diagonals (reference index minus query
  /// index, in absolute positions) from `diagonals.lowerBound` through `diagonals.upperBound`.
  static func align(
    query: UnsafeBufferPointer<UInt64>, queryWindow: Range<Int>, reference: UnsafeBufferPointer<UInt64>,
    referenceWindow: Range<Int>, diagonals: ClosedRange<Int>, workspace: Workspace
  ) -> Alignment? {
    let m = queryWindow.count
    let n = referenceWindow.count
    guard m > 0, n > 0 else { return nil }
    let shift = referenceWindow.lowerBound - queryWindow.lowerBound
    // Band in window coordinates: j - i in lo...hi (i, j are 1-based DP indices, same difference as 0-based).
    let lo = max(diagonals.lowerBound - shift, -m)
    let hi = min(diagonals.upperBound - shift, n)
    guard lo <= hi else { return nil }
    let width = hi - lo + 1
    // Row i holds cells j = i + lo ... i + hi at column c = j - i - lo. Each row is cleared before use, so cells
    // outside the band read as 0 (a fresh local start) and never as a previous alignment's values.
    workspace.reserve((m + 1) * width)
    return workspace.score.withUnsafeMutableBufferPointer { score in
      workspace.trace.withUnsafeMutableBufferPointer { trace in
        fill(
          score: score, trace: trace, query: query, queryWindow: queryWindow, reference: reference,
          referenceWindow: referenceWindow, lo: lo, width: width)
      }
    }
  }

  /// The dynamic programme and traceback over prepared matrices.
  private static func fill(
    score: UnsafeMutableBufferPointer<Int32>, trace: UnsafeMutableBufferPointer<UInt8>,
    query: UnsafeBufferPointer<UInt64>, queryWindow: Range<Int>, reference: UnsafeBufferPointer<UInt64>,
    referenceWindow: Range<Int>, lo: Int, width: Int
  ) -> Alignment? {
    let m = queryWindow.count
    let n = referenceWindow.count
    for c in 0..<width {
      score[c] = 0
      trace[c] = 0
    }
    var best: Int32 = 0
    var bestI = 0
    var bestJ = 0
    for i in 1...m {
      let q = query[queryWindow.lowerBound + i - 1]
      let rowBase = i * width
      let previousBase = (i - 1) * width
      for c in 0..<width {
        score[rowBase + c] = 0
        trace[rowBase + c] = 0
      }
      let jStart = max(1, i + lo)
      let jEnd = min(n, i + lo + width - 1)
      if jStart > jEnd { continue }
      for j in jStart...jEnd {
        let c = j - i - lo
        let r = reference[referenceWindow.lowerBound + j - 1]
        var h: Int32 = 0
        var t: UInt8 = 0
        // Diagonal: cell (i-1, j-1) has the same c in row i-1.
        if i - 1 >= 0, j - 1 >= 0 {
          let diagonalScore = (i - 1 == 0 || j - 1 == 0) ? 0 : score[previousBase + c]
          let s = diagonalScore + Int32(q == r ? match : mismatch)
          if s > h {
            h = s
            t = 1
          }
        }
        // Up: cell (i-1, j) is column c + 1 in row i-1 (query token inserted).
        if c + 1 < width, i - 1 >= 1 {
          let s = score[previousBase + c + 1] + Int32(gap)
          if s > h {
            h = s
            t = 2
          }
        }
        // Left: cell (i, j-1) is column c - 1 in row i (reference token deleted).
        if c - 1 >= 0, j - 1 >= 1 {
          let s = score[rowBase + c - 1] + Int32(gap)
          if s > h {
            h = s
            t = 3
          }
        }
        score[rowBase + c] = h
        trace[rowBase + c] = t
        if h > best {
          best = h
          bestI = i
          bestJ = j
        }
      }
    }
    guard best > 0 else { return nil }
    var columns: [Column] = []
    var i = bestI
    var j = bestJ
    while i > 0, j > 0 {
      let c = j - i - lo
      guard c >= 0, c < width else { break }
      let t = trace[i * width + c]
      if t == 0 { break }
      let qi = queryWindow.lowerBound + i - 1
      let rj = referenceWindow.lowerBound + j - 1
      switch t {
      case 1:
        columns.append(
          query[qi] == reference[rj] ? .equal(query: qi, reference: rj) : .substitute(query: qi, reference: rj))
        i -= 1
        j -= 1
      case 2:
        columns.append(.insert(query: qi))
        i -= 1
      default:
        columns.append(.delete(reference: rj))
        j -= 1
      }
    }
    columns.reverse()
    // Trim leading and trailing non-equal columns: a passage starts and ends on agreement.
    while let first = columns.first, !first.isEqual { columns.removeFirst() }
    while let last = columns.last, !last.isEqual { columns.removeLast() }
    guard let first = columns.first, let last = columns.last,
      case .equal(let q0, let r0) = first, case .equal(let q1, let r1) = last
    else { return nil }
    return Alignment(columns: columns, score: Int(best), queryRange: q0..<(q1 + 1), referenceRange: r0..<(r1 + 1))
  }
}

extension TokenAligner.Column {
  var isEqual: Bool {
    if case .equal = self { return true }
    return false
  }
}
