import Dispatch
import Foundation
import JSONRPC
import Matching
import ReferenceIndex
import TextProcessing

/// One scan of one document version, taken piece by piece, off the server's queue, on up to `maxThreads` threads.
///
/// The pieces are the engine's (`EchoScanner.SegmentScan.pieces`): every record of a chat log, and the
/// content-defined pieces of a long segment. Pieces whose candidates the previous complete scan already found
/// (`PieceResults`, valid while the transcript's token count stays in its bucket) are reused; the others are
/// scanned, by one thread per piece up to the cores (`threads(pieces:)`; each with its own segment scan, whose caches
/// are not shared; what a piece yields does not depend on the thread); either way `reported(_:of:)` counts their
/// E-values for the exact token count. `onPart` gets the passages found so far (as the engine would report them,
/// the strongest `maxPassagesPerDocument`) while pieces are still waiting to be scanned: when the first piece that
/// reports a finding is done, if the scan reuses no piece and has at least `eagerPartPieces` pieces and
/// `eagerPartBytes` bytes to scan (a document of 64 KiB or more opened), else once the scan has run for
/// `firstPartSeconds`; then every `partSeconds`. So an opened file shows its first findings when its first piece is
/// scanned, not when its last is, while a small file, done about as soon, and a rescan after an edit, which reuses
/// nearly every piece, publish once. The result is the engine's own assembly of every piece's passages, the same as
/// one `EchoScanner.scan` of the whole transcript.
struct DocumentScan {
  let transcript: Transcript
  let flag: CancellationFlag
  /// The pieces of the last complete scan of this document with the same engine, if any.
  let previous: PieceResults?
  /// How the text changed since `previous` was found; nil when unknown.
  let changed: TextChange?
  /// Called on the scanning thread with (pieces done, pieces in all, passages so far).
  let onPart: @Sendable (Int, Int, [Passage]) -> Void
  /// How long a scan runs before it shows its first part, unless it shows it with its first piece.
  static let firstPartSeconds = 0.1
  /// A scan that reuses nothing shows its first part as soon as a piece reports a finding when it has this many
  /// pieces to scan (with two cores, two pieces are done together; a third is the first that a part shows sooner)
  /// and at least `eagerPartBytes`. Measured on the audit bench (100 KB Markdown files cut in four or five pieces,
  /// every paragraph an echo; six interleaved runs on a loaded 2-core machine): first diagnostics after a median of
  /// 31–49 ms instead of 60–90; opening and editing the 10 MB file, no measurable change.
  static let eagerPartPieces = 3
  /// Below this many bytes to scan, a document's first part would come a few milliseconds before the whole.
  static let eagerPartBytes = 64 << 10
  /// How long it runs between parts: each part is sent whole, so not too often.
  static let partSeconds = 0.5
  /// At most this many threads scan one document's pieces (fewer on a machine with fewer cores).
  static let maxThreads = 4
  /// How many threads count or scan `pieces` pieces: one per piece, up to the cores and `maxThreads`.
  ///
  /// Measured on the benches (2 cores): a 10 MB open took 1.8–2.6 s instead of 2.9; an edit near a cut rescans the
  /// two pieces beside it side by side (median 43-53 ms before, 39-44 after); a 100 KB Markdown file, cut into
  /// pieces since segments over 32 KiB are (`SegmentPieces.singlePieceBytes`), reached its diagnostics in a median
  /// of 32.3 ms instead of 40.5 (three interleaved runs). Each thread's segment scan tokenises again the reference answers that its pieces share with
  /// another's; ten 1 MB documents open kept 0-2 MiB more heap.
  static func threads(pieces: Int) -> Int {
    max(1, min(processorCount, maxThreads, pieces))
  }

  /// Read once: Foundation reads it from the system on every call (about 20 µs here), twice per scan.
  private static let processorCount = ProcessInfo.processInfo.activeProcessorCount

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
        let tokens = previous?.tokenCounts[key] ?? -1
        plan.append(PlannedPiece(segment: s, piece: piece, key: key, offsets: offsets, tokenCount: tokens))
      }
    }
    // The counts not known from the last scan, on every core: opening a 10 MB file tokenises all of it here before
    // the first piece can be scanned.
    let uncounted = plan.indices.filter { plan[$0].tokenCount < 0 }
    let counts = TokenCounts(uncounted.count)
    let threads = Self.threads(pieces: uncounted.count)
    let toCount = plan
    DispatchQueue.concurrentPerform(iterations: uncounted.isEmpty ? 0 : threads) { worker in
      var k = worker
      while k < uncounted.count, !flag.isCancelled {
        let planned = toCount[uncounted[k]]
        counts.set(k, EchoScanner.SegmentScan.tokenCount(of: segments[planned.segment], piece: planned.piece))
        k += threads
      }
    }
    if flag.isCancelled { return nil }
    for (k, i) in uncounted.enumerated() { plan[i].tokenCount = counts.value(k) }
    let total = plan.reduce(0) { $0 + $1.tokenCount }
    let planned = DispatchTime.now().uptimeNanoseconds
    guard let session = scanner.segmentScan(transcriptTokens: total) else {
      let result = try scanner.scan(transcript, isCancelled: { [flag] in flag.isCancelled })
      return flag.isCancelled ? nil : (result, nil)
    }
    // The pieces the last scan found are reused; the others are scanned, on as many threads as there are cores.
    let state = PieceScanState(count: plan.count, started: started)
    for (i, planned) in plan.enumerated() {
      if let known = previous?.candidates(key: planned.key, offsets: planned.offsets, tokenBucket: session.tokenBucket)
      {
        state.entries[i] = known
      } else {
        state.toScan.append(i)
      }
    }
    let reused = plan.count - state.toScan.count
    state.eagerFirstPart =
      reused == 0 && state.toScan.count >= Self.eagerPartPieces
      && state.toScan.reduce(0) { $0 + plan[$1].piece.window.count } >= Self.eagerPartBytes
    let workers = Self.threads(pieces: state.toScan.count)
    var opened = [session]
    while opened.count < workers, let more = scanner.segmentScan(transcriptTokens: total) { opened.append(more) }
    let sessions = ThreadSessions(opened)
    let pieces = plan
    DispatchQueue.concurrentPerform(iterations: sessions.count) { worker in
      let session = sessions.session(worker)
      while let i = state.next(), !flag.isCancelled {
        let planned = pieces[i]
        do throws(IndexError) {
          let candidates = try session.candidates(
            of: segments[planned.segment], piece: planned.piece, isCancelled: { flag.isCancelled || state.failed })
          // Kept without reference excerpts, like the findings (`Passage.droppingExcerpts()`).
          let entry = PieceResults.Entry(offsets: planned.offsets, candidates: candidates.map { $0.droppingExcerpts() })
          // Whether this piece reports anything, asked only while an eager first part is still to be shown.
          let findings =
            state.awaitsEagerPart && !candidates.isEmpty
            && !session.reported(candidates, of: segments[planned.segment]).isEmpty
          let done = state.finish(i, entry, hasFindings: findings)
          // Shown part by part (the pieces done so far, in order) once the scan has run a while.
          if let done {
            let found = done.map { (i, entry, shift) in
              EchoScanner.SegmentScan.PieceCandidates(
                segment: segments[pieces[i].segment], candidates: entry.candidates, shift: shift)
            }
            let passages = try session.finish(
              session.reportedPassages(of: found), transcript: transcript, tokenCount: total
            ).passages
            // A part without findings is not published: the first piece that reports one may still show one at once.
            if passages.isEmpty { state.rearmEagerPart() }
            onPart(done.count, pieces.count, passages)
          }
        } catch {
          state.fail(error)
        }
      }
    }
    if let error = state.error { throw error }
    if flag.isCancelled { return nil }
    for worker in 1..<sessions.count { try sessions.session(worker).throwIfDamaged() }
    var results = PieceResults(tokenBucket: session.tokenBucket)
    results.layouts = layouts
    results.scannedBytes = state.toScan.reduce(0) { $0 + plan[$1].piece.window.count }
    var found: [EchoScanner.SegmentScan.PieceCandidates] = []
    for (i, planned) in plan.enumerated() {
      guard let (entry, shift) = state.entries[i] else { return nil }
      results.record(key: planned.key, entry: entry, tokenCount: planned.tokenCount)
      found.append(.init(segment: segments[planned.segment], candidates: entry.candidates, shift: shift))
    }
    let scanned = DispatchTime.now().uptimeNanoseconds
    let result = try session.finish(session.reportedPassages(of: found), transcript: transcript, tokenCount: total)
    // The segment scans are freed off this thread: each holds the reference answers its pieces decoded (hundreds
    // after a keystroke in a long file of echoes), and freeing them here delayed the diagnostics by most of a
    // millisecond.
    let threadCount = sessions.count
    _ = consume session
    _ = consume opened
    let retired = RetiredSessions(consume sessions)
    DispatchQueue.global(qos: .utility).async { retired.free() }
    Log.debug(
      "scanned \(plan.count - reused) of \(plan.count) pieces on \(threadCount) threads, reused \(reused); "
        + "milliseconds: planning "
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
    if let known = old,
      known.role != segment.role || known.prompt != segment.prompt || known.earlierPrompts != segment.earlierPrompts
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
        role: segment.role, prompt: segment.prompt, earlierPrompts: segment.earlierPrompts, count: text.count,
        cuts: cuts, keys: keys)
    }
    return keyed
  }
}

/// The pieces of one scan, shared by the threads that scan them: which are done, which is next, the first error, and
/// when to show the next part.
private final class PieceScanState: @unchecked Sendable {
  private let lock = NSLock()
  /// Each piece's candidates and how far they move (reused pieces) once known; filled before the threads start and
  /// then only under the lock.
  var entries: [(entry: PieceResults.Entry, shift: Int)?]
  /// The pieces to scan, in order; filled before the threads start.
  var toScan: [Int] = []
  private var nextToScan = 0
  private(set) var error: IndexError?
  private let started: UInt64
  private var nextPart = DocumentScan.firstPartSeconds
  /// Whether the first part is shown with the first piece done (`DocumentScan.eagerPartPieces`); set before the
  /// threads start.
  var eagerFirstPart = false
  private var shownParts = 0

  /// Whether the first part is still to be shown with the first piece that reports findings.
  var awaitsEagerPart: Bool { lock.withLock { eagerFirstPart && shownParts == 0 } }

  /// After a part that showed nothing (one due by time, before any piece with findings was done): the next piece
  /// that reports findings shows the first part.
  func rearmEagerPart() {
    lock.withLock { shownParts = 0 }
  }

  init(count: Int, started: UInt64) {
    entries = Array(repeating: nil, count: count)
    self.started = started
  }

  var failed: Bool { lock.withLock { error != nil } }

  /// The next piece to scan; nil when none is left or a thread failed.
  func next() -> Int? {
    lock.withLock {
      guard error == nil, nextToScan < toScan.count else { return nil }
      defer { nextToScan += 1 }
      return toScan[nextToScan]
    }
  }

  /// Records piece `i`; when it is time to show a part, the pieces done so far (in order, with their shifts).
  func finish(_ i: Int, _ entry: PieceResults.Entry, hasFindings: Bool) -> [(Int, PieceResults.Entry, Int)]? {
    lock.withLock {
      entries[i] = (entry, 0)
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
      // Eagerly, with the first piece that reports findings: a part without findings is not shown.
      let due = elapsed >= nextPart || (eagerFirstPart && shownParts == 0 && hasFindings)
      guard due, nextToScan < toScan.count else { return nil }
      nextPart = elapsed + DocumentScan.partSeconds
      shownParts += 1
      return entries.enumerated().compactMap { i, known in known.map { (i, $0.entry, $0.shift) } }
    }
  }

  func fail(_ error: IndexError) {
    lock.withLock {
      if self.error == nil { self.error = error }
    }
  }
}

/// One segment scan per thread. A segment scan keeps caches and is not thread-safe; each thread of
/// `DispatchQueue.concurrentPerform` uses only the one at its own iteration number, which makes sharing the array
/// safe.
private struct ThreadSessions: @unchecked Sendable {
  private let sessions: [EchoScanner.SegmentScan]
  init(_ sessions: [EchoScanner.SegmentScan]) { self.sessions = sessions }
  var count: Int { sessions.count }
  func session(_ worker: Int) -> EchoScanner.SegmentScan { sessions[worker] }
}

/// A scan's segment scans on their way to be freed on another thread: whichever thread lets go of the box last, the
/// scans themselves are freed by `free()`.
private final class RetiredSessions: @unchecked Sendable {
  private var sessions: ThreadSessions?
  init(_ sessions: ThreadSessions) { self.sessions = sessions }
  func free() { sessions = nil }
}

/// Token counts filled by several threads, each at its own indices.
private final class TokenCounts: @unchecked Sendable {
  private let lock = NSLock()
  private var counts: [Int]
  init(_ count: Int) { counts = Array(repeating: 0, count: count) }
  func set(_ k: Int, _ value: Int) { lock.withLock { counts[k] = value } }
  func value(_ k: Int) -> Int { lock.withLock { counts[k] } }
}
