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
    // Row i holds cells j = i + lo ... i + hi at column c = j - i - lo, plus one spare column that stays 0. Only
    // the cells a row computes are valid, and the only other cells a row reads are zeroed first (see `fill`), so
    // nothing of an earlier alignment in the reused workspace is ever read: no row is cleared in full.
    let stride = width + 1
    workspace.reserve((m + 1) * stride)
    return workspace.score.withUnsafeMutableBufferPointer { score in
      workspace.trace.withUnsafeMutableBufferPointer { trace in
        fill(
          score: score.baseAddress!, trace: trace.baseAddress!, query: query, queryWindow: queryWindow,
          reference: reference, referenceWindow: referenceWindow, lo: lo, width: width)
      }
    }
  }

  /// The dynamic programme and traceback over prepared matrices.
  private static func fill(
    score: UnsafeMutablePointer<Int32>, trace: UnsafeMutablePointer<UInt8>,
    query: UnsafeBufferPointer<UInt64>, queryWindow: Range<Int>, reference: UnsafeBufferPointer<UInt64>,
    referenceWindow: Range<Int>, lo: Int, width: Int
  ) -> Alignment? {
    let m = queryWindow.count
    let n = referenceWindow.count
    let stride = width + 1
    score.update(repeating: 0, count: stride)  // row 0: the empty prefix of the query
    let matchScore = Int32(match)
    let mismatchScore = Int32(mismatch)
    let gapScore = Int32(gap)
    var best: Int32 = 0
    var bestI = 0
    var bestJ = 0
    guard let referenceBase = reference.baseAddress, let queryBase = query.baseAddress else { return nil }
    for i in 1...m {
      let q = queryBase[queryWindow.lowerBound + i - 1]
      let row = score + i * stride
      let previous = row - stride
      let rowTrace = trace + i * stride
      // Columns whose j lies in 1...n.
      let cLow = max(0, 1 - i - lo)
      let cHigh = min(width - 1, n - i - lo)
      row[width] = 0
      if cLow > cHigh {
        row.update(repeating: 0, count: width)
        continue
      }
      // The next row's first diagonal may read the cell left of this row's first (j = 0, the empty reference
      // prefix); on the right it reads at most this row's last cell, or the spare column.
      if cLow > 0 { row[cLow - 1] = 0 }
      // reference[referenceWindow.lowerBound + j - 1] with j = i + lo + c.
      let rowReference = referenceBase + (referenceWindow.lowerBound + i + lo - 1)
      // The row's best is kept in locals and folded into `best` after the row, and the column steps without an
      // overflow check (it stays within the band): the cell loop then fits in registers. The result is the same:
      // a cell replaces the best only when strictly better, in row-major order either way.
      var left: Int32 = 0
      var rowBest = best
      var rowBestColumn = -1
      var c = cLow
      while c <= cHigh {
        let diagonal = previous[c] &+ (q == rowReference[c] ? matchScore : mismatchScore)
        let up = previous[c &+ 1] &+ gapScore
        let leftward = left &+ gapScore
        var h: Int32 = 0
        var t: UInt8 = 0
        if diagonal > h {
          h = diagonal
          t = 1
        }
        if up > h {
          h = up
          t = 2
        }
        if leftward > h {
          h = leftward
          t = 3
        }
        row[c] = h
        rowTrace[c] = t
        left = h
        if h > rowBest {
          rowBest = h
          rowBestColumn = c
        }
        c &+= 1
      }
      if rowBestColumn >= 0 {
        best = rowBest
        bestI = i
        bestJ = i + lo + rowBestColumn
      }
    }
    guard best > 0 else { return nil }
    var columns: [Column] = []
    var i = bestI
    var j = bestJ
    while i > 0, j > 0 {
      let c = j - i - lo
      guard c >= 0, c < width else { break }
      let t = trace[i * (width + 1) + c]
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
