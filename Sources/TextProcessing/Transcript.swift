/// The formats a transcript file can have.
public enum TranscriptFormat: String, Sendable, CaseIterable, Codable {
  case plainText = "text"
  case markdown
  case json
  case jsonLines = "jsonl"

  /// The format a file's extension implies: `.json`, `.jsonl`/`.ndjson`, `.md`/`.markdown`, anything else text.
  public static func inferred(fromPath path: String) -> TranscriptFormat {
    let lower = path.lowercased()
    if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
    if lower.hasSuffix(".json") { return .json }
    if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
    return .plainText
  }
}

/// Maps byte offsets in a segment's decoded text back to byte offsets in the raw file.
///
/// JSON escapes (`\n`, `\"`, `\u00e9`) make decoded text shorter or longer than the raw bytes it came from. The map
/// stores one breakpoint per place where the difference changes, so it is as small as the number of escapes.
public struct OffsetMap: Sendable, Hashable {
  /// Sorted by `decoded`; the first is always `(0, base)`.
  var breakpoints: [(decoded: Int, raw: Int)]

  public static func == (lhs: OffsetMap, rhs: OffsetMap) -> Bool {
    lhs.breakpoints.elementsEqual(rhs.breakpoints) { $0 == $1 }
  }
  public func hash(into hasher: inout Hasher) {
    for b in breakpoints {
      hasher.combine(b.decoded)
      hasher.combine(b.raw)
    }
  }

  /// The identity map shifted by `base`: decoded offset `d` is raw offset `base + d`.
  public init(base: Int) { breakpoints = [(0, base)] }

  /// A map from explicit breakpoints: decoded offset `decoded` is raw offset `raw`, and offsets after it move in
  /// step until the next breakpoint.
  public init(breakpoints: [(decoded: Int, raw: Int)]) {
    precondition(!breakpoints.isEmpty && breakpoints[0].decoded == 0, "an offset map starts at decoded offset 0")
    self.breakpoints = breakpoints
  }

  /// The raw offset of decoded offset `decoded`; for the end of a range pass the offset one past its last byte.
  public func rawOffset(_ decoded: Int) -> Int {
    var low = 0
    var high = breakpoints.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if breakpoints[mid].decoded <= decoded { low = mid } else { high = mid - 1 }
    }
    let b = breakpoints[low]
    return b.raw + (decoded - b.decoded)
  }
}

/// One piece of a transcript that is scanned on its own: a whole text file, or one model turn of a chat log.
public struct TranscriptSegment: Sendable, Hashable {
  public var role: SegmentRole
  /// The segment's text as UTF-8, with JSON escapes resolved.
  public var text: [UInt8]
  /// Where each decoded byte came from in the raw file.
  public var offsets: OffsetMap
  /// The record (JSONL line number from 1, or JSON array index from 0) the segment came from, for chat logs.
  public var record: Int?
  /// The user turn or prompt that the segment answers, when the format has one.
  public var prompt: String?
  /// The user's earlier turns of the same conversation, oldest first (the most recent that fit in
  /// `maxEarlierPromptBytes`): a follow-up answer repeats what the conversation's first question handed every model
  /// ("now do it for a ternary tree" after "a binary tree is full if…"), and text dictated by the user is no
  /// evidence, whichever turn dictated it. Only the prompt-dictation discount uses them; the same-prompt panel, the
  /// null that applies and `echolens report`'s pairing go by `prompt` alone.
  public var earlierPrompts: [String]
  /// The model that wrote the segment, when the record names one (a `model` field); `echolens report` groups the
  /// answers of a panel by it.
  public var model: String?

  public init(
    role: SegmentRole, text: [UInt8], offsets: OffsetMap, record: Int? = nil, prompt: String? = nil,
    earlierPrompts: [String] = [], model: String? = nil
  ) {
    self.role = role
    self.text = text
    self.offsets = offsets
    self.record = record
    self.prompt = prompt
    self.earlierPrompts = earlierPrompts
    self.model = model
  }

  /// At most this many bytes of earlier user turns are kept (the most recent ones, whole): aligning an answer with
  /// its prompts costs their length times its own, and a long conversation's first turns rarely dictate its last.
  public static let maxEarlierPromptBytes = 8 << 10

  /// The most recent of `turns` (oldest first) whose bytes together fit in `maxEarlierPromptBytes`, oldest first.
  public static func earlierPrompts(keeping turns: [String]) -> [String] {
    var kept: [String] = []
    var bytes = 0
    for turn in turns.reversed() {
      bytes += turn.utf8.count
      if bytes > maxEarlierPromptBytes { break }
      kept.append(turn)
    }
    return kept.reversed()
  }
}

/// A transcript split into the segments that are scanned.
public struct Transcript: Sendable {
  public var format: TranscriptFormat
  public var segments: [TranscriptSegment]

  public init(format: TranscriptFormat, segments: [TranscriptSegment]) {
    self.format = format
    self.segments = segments
  }
}
