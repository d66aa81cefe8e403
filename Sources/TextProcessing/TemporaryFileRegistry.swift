import Foundation

/// Every temporary file this process has created and not yet renamed or removed, so that an interrupt can remove
/// them all.
///
/// A build or an evidence export writes to a temporary file and renames it into place; `defer` removes it on any
/// error, but not when the process is killed by SIGINT or SIGTERM. The CLI's signal handling
/// (`InterruptCleanup`) calls `removeAllAndEnd(by:)`, so no `*.tmp-PID` is ever left behind. A file is
/// unregistered just before it is renamed into place.
public enum TemporaryFileRegistry {
  private final class Paths: @unchecked Sendable {
    let lock = NSLock()
    var paths: Set<String> = []
  }
  private static let shared = Paths()

  /// Records `path`, which this process just created.
  public static func register(_ path: String) {
    shared.lock.withLock { _ = shared.paths.insert(path) }
  }

  /// Forgets `path`: it was renamed into place or removed.
  public static func unregister(_ path: String) {
    shared.lock.withLock { _ = shared.paths.remove(path) }
  }

  /// Removes every registered file, then ends the process by `signalNumber` with its default action.
  ///
  /// The lock is never released: a thread that is about to rename a registered file into place (it unregisters
  /// it first) waits here until the process ends, so it can never report a missing temporary file instead.
  public static func removeAllAndEnd(by signalNumber: Int32) -> Never {
    shared.lock.lock()
    for path in shared.paths { unlink(path) }
    signal(signalNumber, SIG_DFL)
    // Dispatch's threads block signals; unblock it here so that raising it acts at once.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, signalNumber)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    raise(signalNumber)
    // The default action of SIGINT and SIGTERM ends the process; should it have been blocked, end it anyway.
    _exit(128 + signalNumber)
  }
}
