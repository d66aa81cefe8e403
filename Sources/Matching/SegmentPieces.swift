import TextProcessing

/// Cuts a long segment into overlapping pieces at places chosen by its content, and scans them one at a time.
///
/// Two reasons. Memory: everything the matcher keeps per token (tokens, terms, weights, seed postings, coverage)
/// would otherwise be held for a whole 200 MB transcript at once, about fifteen times its size. Edits: since a cut
/// depends only on the few dozen bytes around it, an edit moves no cut but those next to it, and every other piece
/// keeps its text, so the language server finds again only the pieces whose text or context an edit touched and
/// reuses the others' passages. `echolens scan` cuts the same pieces, so a rescan and a full scan agree by
/// construction.
///
/// Each piece owns the passages that start in its own part. It sees `contextBytes` (or a little more, up to a line
/// break) of text after it: a passage that starts in the piece and ends less than that past its end is found whole,
/// as in one pass (a reference answer of the shared data is at most 6 KB); one that goes on further is reported up
/// to there. Before it, it sees only `leadingContextBytes`: enough for a passage cut by the piece's start to be seen
/// starting there, in the context, and dropped; the piece that owns its start reports it. Where the cut leaves too
/// little of such a passage to align, its tail would start in the piece's own part; `CutFragments` drops it. The
/// context is scanned twice, once by each neighbour: a full scan of a long segment does about 1.5 times the work of
/// one pass, the price of edits that rescan one or two windows of about 28 KB instead of the file. Cuts and context
/// edges lie just after a line break wherever one is near, where no token can straddle the cut and a line starts as
/// it does in the whole text, so the tokens are the same.
///
/// Cuts: a gear hash (FastCDC's rolling hash, whose value depends on the last 64 bytes) is computed after the first
/// `minPieceBytes` of a piece; where its top `maskBits` bits are all zero, or `maxPieceBytes` are reached, the piece
/// ends at the next line break. Pieces are then `minPieceBytes` + about `1 << maskBits` bytes long (19 KB on average
/// in the language server bench's 10 MB transcript of the shared data's answers).
///
/// The top bits, not the low ones: bit j of a gear hash depends only on the last j + 1 bytes, so the low 14 bits see
/// 14 bytes of text, whose few common patterns hit far less often than one place in 2^14. Cut on the low bits,
/// pieces of the shared data's answers averaged 39 KB instead of about 28; lines of code, 62 KB; the five 100 KB
/// Markdown files of the language server bench were each one piece, scanned on one core.
public enum SegmentPieces {
  /// Segments up to this size (nearly every chat record, short files) are scanned as one piece, with no context.
  /// Longer ones are cut, so that opening a file of 100 KB scans its pieces on two cores (on the language server
  /// bench, the median of three interleaved runs fell from 40.5 to 32.3 ms; on the audit bench, where every
  /// paragraph echoes, no change was measurable), and an edit in it rescans one or two pieces; the price is the
  /// context scanned twice, which a 128 KiB threshold had kept to larger files.
  static let singlePieceBytes = 32 << 10
  /// No piece is shorter (except a whole segment), so that the context scanned twice stays a fraction of the text,
  /// and an edit is within the context of at most one cut, so it rescans one or two pieces, which two cores scan
  /// side by side. With 8 KiB of context on both sides, pieces of 12 KiB plus about 16 were the best trade (against
  /// 8 KiB plus 16 with low-bit cuts: keystroke medians 35–51 against 44–65 ms). With the leading context cut to
  /// 1 KiB, a piece's context is 9 KiB instead of 16, so pieces half as long cost a full scan no more than before,
  /// and a keystroke rescans windows of about 28 KB instead of 48 (`lsp-audit`, three interleaved runs of each on
  /// 2 cores, keystrokes in 10 MB: median 34, 35, 31 ms with both changes undone; 29, 28, 30 with the shorter leading
  /// context alone; 26, 27, 26 with both; 10 MB opened in 1.66–1.90 s in all three).
  static let minPieceBytes = 8 << 10
  /// A cut is made where the top `maskBits` bits of the rolling hash are zero: one place in 8 KiB.
  static let maskBits = 13
  /// No piece is longer, whatever its content (a file of one repeated byte has no hash hits).
  static let maxPieceBytes = 128 << 10
  /// The text seen after a piece's own part: longer than any reference answer of the shared data (6 KB), so longer
  /// than the passages it can produce.
  static let contextBytes = 8 << 10
  /// The text seen before a piece's own part, so that a passage that starts before it is seen starting in the
  /// context and dropped. Longer only costs: every passage found in the context is aligned, assembled and dropped,
  /// and an edit this close to a piece rescans it. It was `contextBytes` (8 KiB), as after the piece, which made a
  /// third of every rescanned window context.
  static let leadingContextBytes = 1 << 10
  /// How far to look for a line break before cutting at a space, then at a character boundary. A piece's window
  /// depends on no bytes further than this outside it.
  public static let searchBytes = 4 << 10

  /// One piece of a segment's decoded text: the bytes it scans, and the bytes whose passages it reports.
  public struct Piece: Sendable, Hashable {
    /// The bytes scanned: the owned part with its context.
    public var window: Range<Int>
    /// The bytes whose passages (those that start there) and tokens this piece reports.
    public var owned: Range<Int>
  }

  /// The pieces of `text`, in order, their owned parts covering it; a single piece owning everything when it is
  /// short.
  public static func pieces(of text: [UInt8]) -> [Piece] {
    pieces(of: text, cuts: cuts(of: text))
  }

  /// The start of every piece of `text` and its end (see `contentDefinedCuts`); `[0, count]` for a short text.
  public static func cuts(of text: [UInt8]) -> [Int] {
    guard text.count > singlePieceBytes else { return [0, text.count] }
    return text.withUnsafeBufferPointer { contentDefinedCuts($0) }
  }

  /// The cuts of `text`, which an edit made from a text whose cuts were `previous`: the bytes `changed` of `text`
  /// replaced others, the text's length changing by `delta`. The same cuts as `cuts(of: text)`, but the gear hash is
  /// run only from the last cut the edit cannot have moved to the first one after the edit where the old cuts
  /// resume, which is usually one or two pieces: a language server's keystroke in a 10 MB file no longer rehashes
  /// the file.
  ///
  /// A cut depends on the bytes from the cut before it to `searchBytes` past itself, and nothing of the text's
  /// length unless it lies within `minPieceBytes` of the end; after a cut, the search starts afresh. So the cuts
  /// well before the edit stay, and once a cut after the edit is one of the old cuts (moved by `delta`), all the
  /// old ones after it follow, moved likewise.
  public static func cuts(of text: [UInt8], previous: [Int], changed: Range<Int>, delta: Int) -> [Int] {
    let oldCount = text.count - delta
    guard text.count > singlePieceBytes, oldCount > singlePieceBytes, previous.count >= 2,
      previous.first == 0, previous.last == oldCount, changed.lowerBound >= 0, changed.upperBound <= text.count
    else { return cuts(of: text) }
    if changed.isEmpty && delta == 0 { return previous }  // the same text
    // The last old cut (before the end) computed from bytes before the edit, far enough from the end that the
    // length did not matter.
    var keep = 0
    while keep + 1 < previous.count - 1,
      previous[keep + 1] + searchBytes + minPieceBytes <= changed.lowerBound
    {
      keep += 1
    }
    let oldCuts = Set(previous.dropLast())
    let resumed = text.withUnsafeBufferPointer { bytes in
      contentDefinedCuts(bytes, from: previous[keep]) { cut in
        cut >= changed.upperBound && cut - delta > previous[keep] && oldCuts.contains(cut - delta)
      }
    }
    var result = Array(previous[...keep])
    result += resumed.cuts
    if let stop = resumed.stoppedAt, let k = previous.firstIndex(of: stop - delta) {
      result += previous[(k + 1)..<(previous.count - 1)].map { $0 + delta }
    }
    result.append(text.count)
    return result
  }

  /// The pieces between `cuts` (as `cuts(of:)` gives them) of `text`.
  public static func pieces(of text: [UInt8], cuts: [Int]) -> [Piece] {
    guard cuts.count > 2 else {
      return [Piece(window: 0..<text.count, owned: 0..<text.count)]
    }
    return text.withUnsafeBufferPointer { bytes in
      return (0..<(cuts.count - 1)).map { k in
        let owned = cuts[k]..<cuts[k + 1]
        let start = k == 0 ? 0 : min(owned.lowerBound, cutBefore(bytes, at: owned.lowerBound - leadingContextBytes))
        let end =
          k == cuts.count - 2 ? text.count : max(owned.upperBound, cut(bytes, near: owned.upperBound + contextBytes))
        return Piece(window: start..<end, owned: owned)
      }
    }
  }

  /// The segment of one piece: its window of the text, with an offset map that still leads to the raw file.
  static func segment(_ piece: Piece, of segment: TranscriptSegment) -> TranscriptSegment {
    guard piece.window != 0..<segment.text.count else { return segment }
    return TranscriptSegment(
      role: segment.role, text: Array(segment.text[piece.window]),
      offsets: segment.offsets.sliced(from: piece.window.lowerBound), record: segment.record, prompt: segment.prompt,
      earlierPrompts: segment.earlierPrompts,
      model: segment.model)
  }

  /// The start of every piece and the end of the text: 0, the content-defined cuts, `bytes.count`.
  static func contentDefinedCuts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
    [0] + contentDefinedCuts(bytes, from: 0) { _ in false }.cuts + [bytes.count]
  }

  /// The cuts after the cut (or start) at `start`, up to the end of the text or up to the first cut for which
  /// `stop` holds (included in `cuts`, and returned as `stoppedAt`); neither `start` nor the end are in `cuts`.
  static func contentDefinedCuts(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, stop: (Int) -> Bool
  ) -> (cuts: [Int], stoppedAt: Int?) {
    let shift = UInt64(64 - maskBits)
    var cuts: [Int] = []
    var last = start
    // The hash forgets a byte after 64 shifts, so starting 64 bytes before a hit may count gives the value a pass
    // over the whole piece would.
    var i = start + minPieceBytes - 64
    var hash: UInt64 = 0
    return gear.withUnsafeBufferPointer { gear in
      while i < bytes.count {
        hash = (hash << 1) &+ gear[Int(bytes[i])]
        i += 1
        guard i - last >= minPieceBytes, hash >> shift == 0 || i - last >= maxPieceBytes else { continue }
        let next = cut(bytes, near: i)
        guard bytes.count - next >= minPieceBytes else { break }  // the rest stays with this piece
        cuts.append(next)
        if stop(next) { return (cuts, next) }
        last = next
        i = next + minPieceBytes - 64
        hash = 0
      }
      return (cuts, nil)
    }
  }

  /// 256 fixed pseudo-random words, one per byte value, for the rolling hash. Fixed forever in effect: other
  /// words cut other pieces, and long passages near cuts would then be reported slightly differently.
  static let gear: [UInt64] = {
    var random = SplitMix64(seed: 0x6563_686F_6C65_6E73)  // "echolens"
    return (0..<256).map { _ in random.next() }
  }()

  /// A cut at or after `position`: just after the next line break, else after the next space, else at the next
  /// character boundary, within `searchBytes`; the end of the text when none is found.
  static func cut(_ bytes: UnsafeBufferPointer<UInt8>, near position: Int) -> Int {
    let limit = min(bytes.count, position + searchBytes)
    guard position < limit else { return bytes.count }
    if let newline = (position..<limit).first(where: { bytes[$0] == 0x0A }) { return newline + 1 }
    if let space = (position..<limit).first(where: { bytes[$0] == 0x20 || bytes[$0] == 0x09 }) { return space + 1 }
    return (position..<limit).first(where: { bytes[$0] & 0xC0 != 0x80 }) ?? limit
  }

  /// A cut at or before `position`, found as `cut(near:)` finds one but looking back: just after the closest line
  /// break before it, else after a space, else at a character boundary, within `searchBytes`; 0 when none is found.
  static func cutBefore(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
    guard position > 0 else { return 0 }
    let floor = max(0, position - searchBytes)
    let candidates = (floor..<position).reversed()
    if let newline = candidates.first(where: { bytes[$0] == 0x0A }) { return newline + 1 }
    if let space = candidates.first(where: { bytes[$0] == 0x20 || bytes[$0] == 0x09 }) { return space + 1 }
    return (floor...position).reversed().first(where: { bytes[$0] & 0xC0 != 0x80 }) ?? 0
  }
}
