import JSONRPC
import Matching
import ReferenceIndex
import TextProcessing

/// One scan of one document version, taken segment by segment, off the server's queue.
///
/// Segments whose passages the previous complete scan already found (`SegmentResults`) are reused; the others are
/// scanned. After each eighth of the segments, `onPart` gets the passages found so far, so a large chat log shows its
/// first findings and its progress long before the last record is scanned. The result is the engine's own
/// assembly of every segment's passages, the same as one `EchoScanner.scan` of the whole transcript.
struct DocumentScan {
  let transcript: Transcript
  let flag: CancellationFlag
  /// The segments of the last complete scan of this document with the same engine, if any.
  let previous: SegmentResults?
  /// Called on the scanning thread with (segments done, segments in all, passages so far).
  let onPart: @Sendable (Int, Int, [Passage]) -> Void

  /// The scan's result and the segments to reuse next time; nil when the scan was cancelled.
  ///
  /// - Throws: `IndexError` when the index turns out to be damaged or changed on disk.
  func run(with scanner: any TranscriptScanning) throws(IndexError) -> (ScanResult, SegmentResults?)? {
    let segments = transcript.segments
    let total = segments.reduce(0) { $0 + EchoScanner.SegmentScan.tokenCount(of: $1) }
    guard let session = scanner.segmentScan(transcriptTokens: total) else {
      let result = try scanner.scan(transcript, isCancelled: { [flag] in flag.isCancelled })
      return flag.isCancelled ? nil : (result, nil)
    }
    var results = SegmentResults(transcriptTokens: total)
    var passages: [Passage] = []
    let step = max(1, (segments.count + 7) / 8)
    var reused = 0
    for (i, segment) in segments.enumerated() {
      if flag.isCancelled { return nil }
      let key = SegmentResults.Key(segment)
      let found: [Passage]
      if let known = previous?.passages(of: segment, key: key, transcriptTokens: total) {
        found = known
        reused += 1
      } else {
        found = try session.passages(of: segment, isCancelled: { flag.isCancelled })
      }
      results.record(segment, key: key, passages: found)
      passages += found
      if (i + 1) % step == 0 && i + 1 < segments.count { onPart(i + 1, segments.count, passages) }
    }
    if flag.isCancelled { return nil }
    Log.debug("scanned \(segments.count - reused) of \(segments.count) segments, reused \(reused)")
    return (try session.finish(passages, transcript: transcript, tokenCount: total), results)
  }
}
