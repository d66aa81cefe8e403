import Foundation
import JSONRPC

/// Damaged and replaced indexes: the server keeps serving, says once what is wrong, every document's diagnostic
/// says how to rebuild the index, and a new index at the index path is opened and used within a second.
extension Server {
  /// Starts the timer that looks for a replaced index every `options.indexWatchSeconds`.
  func startWatchingIndexFiles() {
    guard indexWatch == nil else { return }
    let timer = DispatchSource.makeTimerSource(queue: connection.queue)
    let interval = DispatchTimeInterval.milliseconds(Int(options.indexWatchSeconds * 1000))
    timer.schedule(deadline: .now() + interval, repeating: interval)
    timer.setEventHandler { [weak self] in self?.reopenIndexIfChanged() }
    timer.resume()
    indexWatch = timer
  }

  /// Opens the index again, and rescans every open document, when the index files changed on disk (a rebuild
  /// renamed over them, another tool rewrote them in place) or an index appeared where none was found.
  ///
  /// The old engine keeps its own mapping of the old files until its last scan ends, so scans in flight finish
  /// on a consistent (old) index; one that read a file while it was rewritten in place reports that instead.
  func reopenIndexIfChanged() {
    guard lifecycle == .running, let holder = engine else { return }
    let configuration = engineConfiguration()
    guard configuration != holder.configuration || holder.hasChangedOnDisk() else { return }
    Log.info("the reference index changed on disk; opening it again")
    engine = makeEngineHolder(configuration)
    reportedEngineProblem = nil
    openEngineInBackground()
    rescanOpenDocuments()
  }

  /// A new engine holder for `configuration`, whose background verification reports damage to this server.
  func makeEngineHolder(_ configuration: EngineConfiguration) -> EngineHolder {
    let holder = EngineHolder(configuration: configuration, loader: loader)
    holder.onDamage = { [weak self, weak holder] problem in
      guard let self, let holder else { return }
      self.connection.queue.async {
        guard self.engine === holder else { return }
        self.reportEngineProblem(problem)
        self.rescanOpenDocuments()
      }
    }
    return holder
  }

  /// Forgets every document's findings and scans it again, so that requests wait for the new results.
  func rescanOpenDocuments() {
    for document in documents.values {
      document.findings = nil
      scheduleScan(of: document, delayMilliseconds: 0)
    }
    if client.pullsDiagnostics && client.diagnosticRefresh && !documents.isEmpty {
      connection.send(DiagnosticRefreshRequest()) { _ in }
    }
  }
}
