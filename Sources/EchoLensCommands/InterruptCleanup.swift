import Dispatch
import Foundation
import TextProcessing

/// Removes this process's temporary files when it is interrupted (SIGINT, SIGTERM), then ends it by that signal.
///
/// The signals are handled on a dispatch queue rather than in a signal handler, so the cleanup may take locks and
/// allocate; re-raising the signal with its default action afterwards keeps the exit status a shell or CI expects
/// (130 for Ctrl-C, 143 for SIGTERM).
enum InterruptCleanup {
  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

  /// Installs the handlers once; later calls do nothing.
  static func install() {
    guard sources.isEmpty else { return }
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global(qos: .userInitiated))
      source.setEventHandler { TemporaryFileRegistry.removeAllAndEnd(by: signalNumber) }
      source.resume()
      sources.append(source)
    }
  }
}
