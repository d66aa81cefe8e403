import Matching
import ReferenceIndex
import TextProcessing

/// The passages of each segment found by a document's last complete scan, so that the next scan finds again only
/// the segments an edit changed (the records of a chat log).
///
/// What a segment yields depends on its text, prompt and role, on where it lies in the file, and on the token count
/// of the whole transcript (an E-value counts chance matches over all of it, so which matches are reported depends
/// on it). A segment is reused only when all of these are the same, or it merely moved in the file (its offset map
/// shifted by one constant, its passages shifted likewise); everything else is scanned again. So the passages are
/// those a full scan finds, and the property test checks it.
struct SegmentResults: Sendable {
  /// A segment's content: 128 bits of hash of role, prompt and text, and the text's length.
  struct Key: Hashable, Sendable {
    var low: UInt64
    var high: UInt64
    var count: Int

    init(_ segment: TranscriptSegment) {
      var low = XXHash64(seed: 0)
      var high = XXHash64(seed: 0x9E37_79B9_7F4A_7C15)
      for part in [
        Array(segment.role.rawValue.utf8), Array((segment.prompt.map { "1" + $0 } ?? "0").utf8), segment.text,
      ] {
        let length = withUnsafeBytes(of: UInt64(part.count).littleEndian) { Array($0) }
        for bytes in [length, part] {
          bytes.withUnsafeBytes {
            low.update($0)
            high.update($0)
          }
        }
      }
      self.low = low.finalize()
      self.high = high.finalize()
      count = segment.text.count
    }
  }

  struct Entry: Sendable {
    var offsets: OffsetMap
    var passages: [Passage]
  }

  /// The transcript token count the passages were found with.
  var transcriptTokens: Int
  var entries: [Key: [Entry]] = [:]

  init(transcriptTokens: Int) {
    self.transcriptTokens = transcriptTokens
  }

  mutating func record(_ segment: TranscriptSegment, key: Key, passages: [Passage]) {
    entries[key, default: []].append(Entry(offsets: segment.offsets, passages: passages))
  }

  /// The passages of `segment`, moved to where it now lies, when an earlier scan with the same transcript token
  /// count found them; nil when it must be scanned.
  func passages(of segment: TranscriptSegment, key: Key, transcriptTokens: Int) -> [Passage]? {
    guard transcriptTokens == self.transcriptTokens, let candidates = entries[key] else { return nil }
    for entry in candidates {
      if let delta = entry.offsets.shift(to: segment.offsets) { return entry.passages.map { $0.shifted(by: delta) } }
    }
    return nil
  }
}
