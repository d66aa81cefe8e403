import Dispatch

/// One piece of work run on another thread, whose result is waited for later: the builder reads the corpus's next
/// batch while it tokenises the current one (`BatchPrefetcher`), and recodes the token file while it merges and
/// writes the postings.
///
/// The work may touch objects that are not `Sendable` (the token file): the caller hands them over and does not
/// touch them again before `result()` returns, which orders the two threads' accesses. A task that is dropped
/// unawaited is still waited for, so its work never outlives what it was handed.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
  // @unchecked: `outcome` is written by the work and read by `result()` only after `group.wait()`.
  private let group = DispatchGroup()
  private var outcome: Result<Value, Error>?

  init(_ work: @escaping () throws -> Value) {
    nonisolated(unsafe) let work = work
    group.enter()
    DispatchQueue.global().async { [self] in
      outcome = Result { try work() }
      group.leave()
    }
  }

  deinit {
    // The work must not outlive what it was handed.
    group.wait()
  }

  /// Waits for the work and returns its value, or throws its error.
  func result() throws -> Value {
    group.wait()
    return try outcome!.get()
  }
}
