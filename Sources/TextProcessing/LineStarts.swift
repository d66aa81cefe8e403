/// Where each line of a text starts, and which line a byte offset is on: the one line table behind every
/// line/column the tool prints (`scan` output, evidence reports) or speaks (the language server).
///
/// A line ends at LF, at CRLF (the CR belongs to the line it ends) or at a lone CR, as editors and LSP 3.17 count
/// them. Starts are stored as `UInt32` to keep a large document's table small (texts are limited to 4 GiB, as
/// token offsets are).
public struct LineStarts: Sendable, Hashable {
  private var starts: [UInt32]
  /// The text's byte count, the end of the last line.
  public private(set) var utf8Count: Int

  public init(_ text: [UInt8]) {
    var starts: [UInt32] = [0]
    starts.reserveCapacity(text.count / 40 + 1)
    text.withUnsafeBufferPointer { bytes in
      var i = 0
      let n = bytes.count
      while i < n {
        let b = bytes[i]
        if b == 0x0A {
          starts.append(UInt32(i + 1))
        } else if b == 0x0D {
          if i + 1 < n && bytes[i + 1] == 0x0A { i += 1 }
          starts.append(UInt32(i + 1))
        }
        i += 1
      }
    }
    self.starts = starts
    utf8Count = text.count
  }

  public var count: Int { starts.count }

  /// Updates the table after bytes `replaced` of the old text became `insertedCount` bytes, `text` being the new
  /// text: the same table `LineStarts(text)` builds, at the cost of the edit and a shift of the later lines.
  ///
  /// Whether a line starts at offset `s` depends only on bytes `s - 1` and `s` (LF, CR, or CR then LF), so starts
  /// before the edit stay, those after it move by the change in length, and only the edited bytes and their two
  /// neighbours are read again. A language server applies every keystroke this way instead of re-reading a
  /// 10 MB document.
  public mutating func replace(_ replaced: Range<Int>, insertedCount: Int, in text: [UInt8]) {
    let delta = insertedCount - replaced.count
    guard utf8Count + delta == text.count, replaced.upperBound <= utf8Count else {
      self = LineStarts(text)  // not the edit that made `text`: read it whole rather than guess
      return
    }
    let a = replaced.lowerBound
    let newEnd = a + insertedCount
    // Starts strictly before `a` keep; starts after the old end move; those in between are found again.
    let keep = firstIndex(atOrAfter: a)
    let moved = firstIndex(atOrAfter: replaced.upperBound + 1)
    var found: [UInt32] = []
    text.withUnsafeBufferPointer { bytes in
      var s = max(1, a)
      while s <= newEnd {
        if Self.startsLine(at: s, in: bytes) { found.append(UInt32(s)) }
        s += 1
      }
    }
    if a == 0 && keep == 0 { found.insert(0, at: 0) }
    // In place: the starts between the edit's ends give way to those found, and the later ones move by `delta`.
    // Building a new tail instead copied the whole table, three allocations of it, on every keystroke.
    starts.replaceSubrange(keep..<moved, with: found)
    if delta != 0 {
      let first = keep + found.count
      starts.withUnsafeMutableBufferPointer { table in
        for i in first..<table.count { table[i] = UInt32(Int(table[i]) + delta) }
      }
    }
    utf8Count = text.count
  }

  /// Whether a line starts at `s` (0 < s <= count): after an LF, or after a CR that no LF follows.
  private static func startsLine(at s: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let before = bytes[s - 1]
    if before == 0x0A { return true }
    return before == 0x0D && (s == bytes.count || bytes[s] != 0x0A)
  }

  /// The index of the first start at or after `offset` (`count` when none).
  private func firstIndex(atOrAfter offset: Int) -> Int {
    var low = 0
    var high = starts.count
    while low < high {
      let mid = (low + high) / 2
      if Int(starts[mid]) < offset { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The byte offset where 0-based line `line` starts.
  public func start(ofLine line: Int) -> Int { Int(starts[line]) }

  /// The byte offset where 0-based line `line` ends, its terminator included (the next line's start).
  public func end(ofLine line: Int) -> Int { line + 1 < starts.count ? Int(starts[line + 1]) : utf8Count }

  /// The 0-based line that byte offset `utf8Offset` (clamped to the text) is on.
  public func line(containing utf8Offset: Int) -> Int {
    let offset = min(max(utf8Offset, 0), utf8Count)
    var low = 0
    var high = starts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if Int(starts[mid]) <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }
}
