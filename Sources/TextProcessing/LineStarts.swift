/// Where each line of a text starts, and which line a byte offset is on: the one line table behind every
/// line/column the tool prints (`scan` output, evidence reports) or speaks (the language server).
///
/// A line ends at LF, at CRLF (the CR belongs to the line it ends) or at a lone CR, as editors and LSP 3.17 count
/// them. Starts are stored as `UInt32` to keep a large document's table small (texts are limited to 4 GiB, as
/// token offsets are).
public struct LineStarts: Sendable, Hashable {
  private var starts: [UInt32]
  /// The text's byte count, the end of the last line.
  public let utf8Count: Int

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
