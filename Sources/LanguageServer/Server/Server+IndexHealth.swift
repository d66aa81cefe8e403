import Foundation
import JSONRPC

/// Damaged indexes: the server keeps serving, says once what is wrong, and every document's diagnostic says how to
/// rebuild the index.
extension Server {
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
