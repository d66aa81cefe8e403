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
    for (s, segment) in segments.enumerated() {
      for piece in EchoScanner.SegmentScan.pieces(of: segment) {
        if flag.isCancelled { return nil }
        let key = PieceResults.Key(segment, piece: piece)
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
}
