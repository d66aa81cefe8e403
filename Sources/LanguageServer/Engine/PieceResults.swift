import Matching
import ReferenceIndex
import TextProcessing

/// The candidates and token count of each piece found by a document's last complete scan, so that the next scan
/// finds again only the pieces an edit changed: the records of a chat log, the content-defined pieces of a long
/// Markdown or text segment (`SegmentPieces`).
///
/// What a piece yields depends on the text of its window, the segment's prompts and role, where the window lies in
/// the file, and on the bucket of the whole transcript's token count (`EchoScanner.SegmentScan.tokenBucket`: the
/// candidates are found at the threshold of the bucket's smallest count, and `reported(_:of:)` counts their
/// E-values again for the exact count). A piece is reused only when all of these are the same, or it merely moved in
/// the file (its offset map shifted by one constant, its candidates shifted likewise); everything else is scanned
/// again. So the passages are those a full scan finds, and the property test checks it. A piece's token count
/// depends on its window alone, and is reused whatever the transcript's count.
struct PieceResults: Sendable {
  /// A piece's content: 128 bits of hash of role, prompt, earlier prompts and window text, the window's length and
  /// the owned part within it.
  struct Key: Hashable, Sendable {
    var low: UInt64
    var high: UInt64
    var count: Int
    var owned: Range<Int>

    init(_ segment: TranscriptSegment, piece: SegmentPieces.Piece) {
      var low = XXHash64(seed: 0)
      var high = XXHash64(seed: 0x9E37_79B9_7F4A_7C15)
      func add(_ part: UnsafeRawBufferPointer) {
        withUnsafeBytes(of: UInt64(part.count).littleEndian) {
          low.update($0)
          high.update($0)
        }
        low.update(part)
        high.update(part)
      }
      Array(segment.role.rawValue.utf8).withUnsafeBytes(add)
      Array((segment.prompt.map { "1" + $0 } ?? "0").utf8).withUnsafeBytes(add)
      for earlier in segment.earlierPrompts { Array(earlier.utf8).withUnsafeBytes(add) }
      withUnsafeBytes(of: UInt64(segment.earlierPrompts.count).littleEndian, add)
      segment.text.withUnsafeBytes { add(UnsafeRawBufferPointer(rebasing: $0[piece.window])) }
      self.low = low.finalize()
      self.high = high.finalize()
      count = piece.window.count
      owned = (piece.owned.lowerBound - piece.window.lowerBound)..<(piece.owned.upperBound - piece.window.lowerBound)
    }
  }

  /// A piece's candidates where they were found, never moved: a reused piece's candidates are moved only when they
  /// are reported (`EchoScanner.SegmentScan.reportedPassages(of:)`), and most never are.
  struct Entry: Sendable {
    /// Where the piece's window lay in the file when it was scanned.
    var offsets: OffsetMap
    var candidates: [Passage]
  }

  /// How a long segment was cut, so that the next scan cuts it again only around an edit (`SegmentPieces.cuts`).
  struct SegmentLayout: Sendable {
    var role: SegmentRole
    var prompt: String?
    var earlierPrompts: [String]
    /// The segment's length in bytes.
    var count: Int
    var cuts: [Int]
    /// Each piece's key by its window and owned part (segment offsets), so that a piece far from an edit is not
    /// hashed again.
    var keys: [PieceRanges: Key]
  }

  /// A piece's window and owned part in its segment.
  struct PieceRanges: Hashable, Sendable {
    var window: Range<Int>
    var owned: Range<Int>

    init(_ piece: SegmentPieces.Piece, movedBy delta: Int = 0) {
      window = (piece.window.lowerBound + delta)..<(piece.window.upperBound + delta)
      owned = (piece.owned.lowerBound + delta)..<(piece.owned.upperBound + delta)
    }
  }

  /// The layouts of the segments long enough to be cut, by the raw offset where the segment starts; only segments
  /// whose decoded text is their raw bytes (text and Markdown files) are kept.
  var layouts: [Int: SegmentLayout] = [:]

  /// The bytes of piece windows the scan that found these read (the pieces it reused not counted).
  var scannedBytes = 0

  /// The bucket of the transcript token count the candidates were found with.
  var tokenBucket: Int
  var entries: [Key: [Entry]] = [:]
  /// The tokens each piece counts towards the transcript's total.
  var tokenCounts: [Key: Int] = [:]

  init(tokenBucket: Int) {
    self.tokenBucket = tokenBucket
  }

  mutating func record(key: Key, entry: Entry, tokenCount: Int) {
    entries[key, default: []].append(entry)
    tokenCounts[key] = tokenCount
  }

  /// What an earlier scan in the same token-count bucket found for a piece whose window now lies at `offsets`, and
  /// how far the piece moved since; nil when it must be scanned.
  func candidates(key: Key, offsets: OffsetMap, tokenBucket: Int) -> (entry: Entry, shift: Int)? {
    guard tokenBucket == self.tokenBucket, let known = entries[key] else { return nil }
    for entry in known {
      if let shift = entry.offsets.shift(to: offsets) { return (entry, shift) }
    }
    return nil
  }
}
