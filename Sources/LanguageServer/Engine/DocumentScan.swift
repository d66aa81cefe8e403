import Dispatch
import JSONRPC
import Matching
import ReferenceIndex
import TextProcessing

/// One scan of one document version, taken piece by piece, off the server's queue.
///
/// The pieces are the engine's (`EchoScanner.SegmentScan.pieces`): every record of a chat log, and the
/// content-defined pieces of a long segment. Pieces whose candidates the previous complete scan already found
/// (`PieceResults`, valid while the transcript's token count stays in its bucket) are reused; the others are
/// scanned; either way `reported(_:of:)` counts their E-values for the exact token count. Once the scan has run for `firstPartSeconds`, and then every
/// `partSeconds`, `onPart` gets the passages found so far (as the engine would report them, the strongest
/// `maxPassagesPerDocument`), so a large file shows its first findings and its progress long before the last piece
/// is scanned, and a rescan that reuses nearly everything publishes once. The result is the engine's own assembly
/// of every piece's passages, the same as one `EchoScanner.scan` of the whole transcript.
struct DocumentScan {
  let transcript: Transcript
  let flag: CancellationFlag
  /// The pieces of the last complete scan of this document with the same engine, if any.
  let previous: PieceResults?
  /// How the text changed since `previous` was found; nil when unknown.
  let changed: TextChange?
  /// Called on the scanning thread with (pieces done, pieces in all, passages so far).
  let onPart: @Sendable (Int, Int, [Passage]) -> Void
  /// How long a scan runs before it shows its first part.
  static let firstPartSeconds = 0.1
  /// How long it runs between parts: each part is sent whole, so not too often.
  static let partSeconds = 0.5

  /// One piece to scan: its segment, where it lies, and what identifies its content.
  struct PlannedPiece {
    var segment: Int
    var piece: SegmentPieces.Piece
    var key: PieceResults.Key
    /// The offset map of the piece's window.
    var offsets: OffsetMap
    var tokenCount: Int
  }

  /// The scan's result and the pieces to reuse next time; nil when the scan was cancelled.
  ///
  /// - Throws: `IndexError` when the index turns out to be damaged or changed on disk.
  func run(with scanner: any TranscriptScanning) throws(IndexError) -> (ScanResult, PieceResults?)? {
    let started = DispatchTime.now().uptimeNanoseconds
    let segments = transcript.segments
    // First every piece's token count (reused for unchanged pieces): the E-values need the transcript's total.
    var plan: [PlannedPiece] = []
    var layouts: [Int: PieceResults.SegmentLayout] = [:]
    for (s, segment) in segments.enumerated() {
      for (piece, key) in keyedPieces(of: segment, layouts: &layouts) {
        if flag.isCancelled { return nil }
        let offsets =
          piece.window.lowerBound == 0 ? segment.offsets : segment.offsets.sliced(from: piece.window.lowerBound)
        let tokens =
          previous?.tokenCounts[key] ?? EchoScanner.SegmentScan.tokenCount(of: segment, piece: piece)
        plan.append(PlannedPiece(segment: s, piece: piece, key: key, offsets: offsets, tokenCount: tokens))
      }
    }
    let total = plan.reduce(0) { $0 + $1.tokenCount }
    let planned = DispatchTime.now().uptimeNanoseconds
    guard let session = scanner.segmentScan(transcriptTokens: total) else {
      let result = try scanner.scan(transcript, isCancelled: { [flag] in flag.isCancelled })
      return flag.isCancelled ? nil : (result, nil)
    }
    var results = PieceResults(tokenBucket: session.tokenBucket)
    results.layouts = layouts
    var found: [EchoScanner.SegmentScan.PieceCandidates] = []
    var nextPart = Self.firstPartSeconds
    var reused = 0
    for (i, planned) in plan.enumerated() {
      if flag.isCancelled { return nil }
      let segment = segments[planned.segment]
      let entry: PieceResults.Entry
      var shift = 0
      if let known = previous?.candidates(key: planned.key, offsets: planned.offsets, tokenBucket: session.tokenBucket)
      {
        (entry, shift) = known
        reused += 1
      } else {
        let candidates = try session.candidates(of: segment, piece: planned.piece, isCancelled: { flag.isCancelled })
        entry = PieceResults.Entry(offsets: planned.offsets, candidates: candidates)
      }
      results.record(key: planned.key, entry: entry, tokenCount: planned.tokenCount)
      found.append(.init(segment: segment, candidates: entry.candidates, shift: shift))
      guard i + 1 < plan.count else { continue }
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
      if elapsed >= nextPart {
        nextPart = elapsed + Self.partSeconds
        let part = try session.finish(session.reportedPassages(of: found), transcript: transcript, tokenCount: total)
        onPart(i + 1, plan.count, part.passages)
      }
    }
    if flag.isCancelled { return nil }
    let scanned = DispatchTime.now().uptimeNanoseconds
    let result = try session.finish(session.reportedPassages(of: found), transcript: transcript, tokenCount: total)
    Log.debug(
      "scanned \(plan.count - reused) of \(plan.count) pieces, reused \(reused); milliseconds: planning "
        + "\((planned - started) / 1_000_000), pieces \((scanned - planned) / 1_000_000), "
        + "assembly \((DispatchTime.now().uptimeNanoseconds - scanned) / 1_000_000)")
    return (result, results)
  }

  /// The pieces of `segment` (`EchoScanner.SegmentScan.pieces(of:)`) with their keys; records in `layouts` how a
  /// long segment whose text is its raw bytes was cut.
  ///
  /// When the last scan's layout of the segment and the change since are known, the segment is cut again only
  /// around the change (`SegmentPieces.cuts(of:previous:changed:delta:)`), and a piece whose window lies more than
  /// `SegmentPieces.searchBytes` from it keeps its key unhashed: the window is the old one, moved or not. Either
  /// way the pieces and keys are those of a fresh cut, so the scan finds what a full scan finds.
  private func keyedPieces(
    of segment: TranscriptSegment, layouts: inout [Int: PieceResults.SegmentLayout]
  ) -> [(piece: SegmentPieces.Piece, key: PieceResults.Key)] {
    let text = segment.text
    let base = segment.offsets.rawOffset(0)
    let verbatim = OffsetMap(base: base).shift(to: segment.offsets) == 0
    // The segment's layout in the last scan, and what changed in it since, in segment offsets.
    var old: PieceResults.SegmentLayout?
    var local = TextChange.unchanged
    if verbatim, let changed, let previous {
      let end = base + text.count
      if changed.range.upperBound <= base {
        old = previous.layouts[base - changed.delta]
      } else if changed.range.lowerBound >= end {
        old = previous.layouts[base]
      } else if changed.range.lowerBound >= base && changed.range.upperBound <= end {
        old = previous.layouts[base]
        local = TextChange(
          range: (changed.range.lowerBound - base)..<(changed.range.upperBound - base), delta: changed.delta)
      }
    }
    if let known = old, known.role != segment.role || known.prompt != segment.prompt
      || known.count + local.delta != text.count
    {
      old = nil
    }
    let cuts =
      old.map { SegmentPieces.cuts(of: text, previous: $0.cuts, changed: local.range, delta: local.delta) }
      ?? SegmentPieces.cuts(of: text)
    let margin = SegmentPieces.searchBytes
    var keys: [PieceResults.PieceRanges: PieceResults.Key] = [:]
    let keyed = SegmentPieces.pieces(of: text, cuts: cuts).map { piece in
      var key: PieceResults.Key?
      if let old {
        if local == .unchanged {
          key = old.keys[PieceResults.PieceRanges(piece)]
        } else if piece.window.upperBound + margin <= local.range.lowerBound {
          key = old.keys[PieceResults.PieceRanges(piece)]
        } else if piece.window.lowerBound - margin >= local.range.upperBound {
          key = old.keys[PieceResults.PieceRanges(piece, movedBy: -local.delta)]
        }
      }
      let found = key ?? PieceResults.Key(segment, piece: piece)
      keys[PieceResults.PieceRanges(piece)] = found
      return (piece, found)
    }
    if verbatim && cuts.count > 2 {
      layouts[base] = PieceResults.SegmentLayout(
        role: segment.role, prompt: segment.prompt, count: text.count, cuts: cuts, keys: keys)
    }
    return keyed
  }
}
