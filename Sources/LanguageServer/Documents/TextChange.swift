/// Where a document's text differs from its text at an earlier moment: the bytes `range` of the current text
/// replaced others, and the text is `delta` bytes longer than it was (shorter when negative). Bytes before `range`
/// are as they were; bytes after it are as they were, `delta` bytes further on.
///
/// The server keeps one per document, since the scan its reusable pieces came from, so that a rescan knows which
/// part of a 10 MB file a keystroke can have changed without comparing the file with an older copy of it.
struct TextChange: Sendable, Equatable {
  var range: Range<Int>
  var delta: Int

  /// No change.
  static let unchanged = TextChange(range: 0..<0, delta: 0)

  /// The change after one more edit, which replaced the bytes `replaced` (in the text as it was before this edit)
  /// with `insertedCount` bytes.
  func adding(replaced: Range<Int>, insertedCount: Int) -> TextChange {
    let shift = insertedCount - replaced.count
    let insertedEnd = replaced.lowerBound + insertedCount
    guard range != 0..<0 || delta != 0 else {
      return TextChange(range: replaced.lowerBound..<insertedEnd, delta: shift)
    }
    // Where this edit moves the end of the earlier change.
    let end: Int
    if range.upperBound <= replaced.lowerBound {
      end = range.upperBound
    } else if range.upperBound >= replaced.upperBound {
      end = range.upperBound + shift
    } else {
      end = insertedEnd
    }
    let lower = min(range.lowerBound, replaced.lowerBound)
    return TextChange(range: lower..<max(end, insertedEnd, lower), delta: delta + shift)
  }
}
