import Foundation
import JSONRPC
import ReferenceIndex
import SystemCalls

/// Opens the engine of one configuration at most once, on the first scan that needs it, from any thread.
///
/// Opening is lazy so that `initialize` never waits for an index; the index is memory-mapped, so opening is cheap,
/// but a broken or missing index must still be reported once and not block typing.
final class EngineHolder: @unchecked Sendable {
  let configuration: EngineConfiguration
  private let loader: any EngineLoading
  private let lock = NSLock()
  private var state: Result<LoadedEngine, EngineUnavailable>?
  private var foundDamage: EngineUnavailable?
  /// The index files as they were when the engine was opened (see `hasChangedOnDisk`).
  private var openedSnapshot: IndexFileSnapshot?
  /// Called once, on a background thread, when the checksums of the opened indexes turn out wrong; set before
  /// the first `engine()` call.
  var onDamage: (@Sendable (EngineUnavailable) -> Void)?

  init(configuration: EngineConfiguration, loader: any EngineLoading) {
    self.configuration = configuration
    self.loader = loader
  }

  /// The engine, opening it on first use; later calls return the same result without touching the disk.
  func engine() -> Result<LoadedEngine, EngineUnavailable> {
    lock.lock()
    defer { lock.unlock() }
    if let state { return state }
    let result: Result<LoadedEngine, EngineUnavailable>
    // Taken before opening, so that a change made while the files are opened is noticed too.
    openedSnapshot = IndexFileSnapshot.take(watchedPaths)
    if configuration.scanner.indexPaths.isEmpty {
      result = .failure(EngineUnavailable(description: Self.missingIndexMessage(searched: configuration.searched)))
    } else {
      do {
        result = .success(try loader.load(configuration))
      } catch let error as EngineUnavailable {
        result = .failure(error)
      } catch {
        let message =
          "echolens: the reference index (\(configuration.scanner.indexPaths.joined(separator: ", "))) could not "
          + "be opened: \(error). Rebuild it with `echolens index build CORPUS.jsonl -o .echolens/index/reference.eli`."
        result = .failure(EngineUnavailable(description: message))
      }
    }
    state = result
    switch result {
    case .failure(let problem): Log.error(problem.description)
    case .success(let loaded):
      verifyInBackground(loaded)
      warmUpInBackground(loaded)
    }
    return result
  }

  /// The index and background paths this engine opens.
  var watchedPaths: [String] { configuration.scanner.indexPaths + configuration.scanner.backgroundIndexPaths }

  /// Whether the index files changed on disk since the engine was opened: replaced by a rename, rewritten in
  /// place (which may also have made the fault guard replace a mapping), added to or removed from a folder.
  func hasChangedOnDisk() -> Bool {
    lock.lock()
    let snapshot = openedSnapshot
    let opened = state
    lock.unlock()
    guard let snapshot else { return false }
    if case .success(let loaded) = opened,
      loaded.references?.changedWhileOpen == true || loaded.background?.changedWhileOpen == true
    {
      return true
    }
    return IndexFileSnapshot.take(watchedPaths) != snapshot
  }

  /// Damage that the background verification found, or that a scan met; scans then say so instead of scanning.
  var damage: EngineUnavailable? {
    lock.lock()
    defer { lock.unlock() }
    return foundDamage
  }

  /// Records damage a scan met (the first one is kept) and returns the message to show.
  @discardableResult
  func recordDamage(_ error: Error) -> EngineUnavailable {
    lock.lock()
    defer { lock.unlock() }
    if let foundDamage { return foundDamage }
    let problem = EngineUnavailable(description: Self.damageMessage(error))
    foundDamage = problem
    Log.error(problem.description)
    return problem
  }

  static func damageMessage(_ error: Error) -> String {
    "echolens: not scanned: \(error)"
  }

  /// Checks every checksum of the opened indexes, and the postings, terms, stored tokens and totals against the texts
  /// (`verifyDeep`), off the scanning path: opening reads only headers so that it stays instant, and this finds
  /// damage in the sections (reported once through `onDamage`), also damage whose checksums were recomputed. Deep
  /// verification runs once per index identity (`DeepVerifiedIdentities`), the checksums every time.
  private func verifyInBackground(_ loaded: LoadedEngine) {
    let sets = [loaded.references, loaded.background].compactMap { $0 }
    guard !sets.isEmpty else { return }
    Self.inBackground("echolens: index verification") { [self] in
      let verified = DeepVerifiedIdentities.standard()
      for set in sets {
        do {
          try set.verify(deep: true, verified: verified)
        } catch {
          let problem = recordDamage(error)
          onDamage?(problem)
          return
        }
      }
    }
  }

  /// Prepares the scanner's per-reference data (`TranscriptScanning.warmUp`) on a background thread, so that the
  /// first documents opened are scanned as fast as later ones. It stops when this holder is gone (another index or
  /// configuration) or damage was found; an error it meets is left to the scans and the verification to report.
  private func warmUpInBackground(_ loaded: LoadedEngine) {
    let scanner = loaded.scanner
    Self.inBackground("echolens: warm-up") { [weak self] in
      let started = DispatchTime.now().uptimeNanoseconds
      do {
        try scanner.warmUp { [weak self] in self == nil || self?.damage != nil }
        // Its tokenised answers were short-lived: give their pages back, as after a scan.
        HeapTrimmer.releaseFreeMemory()
        Log.debug("warmed up in \((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000) ms")
      } catch {
        Log.debug("warm-up stopped: \(error)")
      }
    }
  }

  /// Runs `work` on a thread of its own at background priority (`BackgroundPriority`), so that checking and
  /// preparing a newly opened index take only what the first scans leave of the cores. Audit bench with the deep
  /// verification of the index forced (its identity not yet verified), three interleaved runs on a loaded 2-core
  /// machine: first diagnostics of the 100 KB opens after 36–45 ms instead of 57–60.
  private static func inBackground(_ name: String, _ work: @escaping @Sendable () -> Void) {
    let thread = Thread {
      BackgroundPriority.lowerCurrentThread()
      work()
    }
    thread.name = name
    thread.start()
  }

  /// Whether the engine was already opened (successfully or not).
  var isLoaded: Bool {
    lock.lock()
    defer { lock.unlock() }
    return state != nil
  }

  static func missingIndexMessage(searched: [String]) -> String {
    "echolens: no reference index found (looked in the echolens.indexPaths setting, "
      + searched.joined(separator: ", ")
      + "), so transcripts are not scanned. Build one with "
      + "`echolens index build CORPUS.jsonl -o .echolens/index/reference.eli` in the workspace, "
      + "or set echolens.indexPaths."
  }
}
