import Dispatch

/// One piece of work run on another thread, whose result is waited for later: the builder reads the corpus's next
/// batch while it tokenises the current one (`BatchPrefetcher`), and recodes the token file while it merges and
/// writes the postings.
///
/// The work may touch objects that are not `Sendable` (the token file): the caller hands them over and does not
/// touch them again before `result()` returns, which orders the two threads' accesses. A task that is dropped
/// unawaited is still waited for, so its work never outlives what it was handed.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
  private let group = DispatchGroup()
  private let finished: Outcome

  /// The work's result. @unchecked: written by the work, read only after `group.wait()`.
  private final class Outcome: @unchecked Sendable {
    var value: Result<Value, Error>?
  }

  /// The block on the queue holds neither this task nor the work once the work is done: dropping the task then
  /// waits for it (`deinit`), and the work lets go of what it was handed before anyone waiting goes on. When the
  /// block held both until it returned, a build that failed while the token file was being recoded could return,
  /// and the process exit, before the last reference to that file went, so `ref.eli.tmp-PID.tokens` stayed behind
  /// (once, in CI, under the load of the whole test suite).
  init(_ work: @escaping () throws -> Value) {
    let finished = Outcome()
    self.finished = finished
    nonisolated(unsafe) var pending: (() throws -> Value)? = work
    let group = self.group
    group.enter()
    DispatchQueue.global().async {
      do {
        let job = pending
        pending = nil
        finished.value = Result { try job!() }
      }
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
    return try finished.value!.get()
  }
}
