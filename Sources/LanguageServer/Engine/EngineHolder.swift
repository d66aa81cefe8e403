import Foundation
import JSONRPC

/// Opens the engine of one configuration at most once, on the first scan that needs it, from any thread.
///
/// Opening is lazy so that `initialize` never waits for an index; the index is memory-mapped, so opening is cheap,
/// but a broken or missing index must still be reported once and not block typing.
final class EngineHolder: @unchecked Sendable {
  let configuration: EngineConfiguration
  private let loader: any EngineLoading
  private let lock = NSLock()
  private var state: Result<LoadedEngine, EngineUnavailable>?

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
    if case .failure(let problem) = result { Log.error(problem.description) }
    return result
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
