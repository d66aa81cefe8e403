import Dispatch
import Foundation

/// Runs one job per file on up to `jobs` threads and returns the results in the files' order.
///
/// Transcripts differ wildly in cost (a file full of echoes takes many times longer than one with none), so workers
/// take the next file when they finish one instead of splitting the list up front: a fixed split left one core idle
/// while the other worked through the expensive half. Results go to their own slots, so the output is the same
/// whatever the thread count.
public enum ScanJobs {
  ///
  /// - Parameter finished: called after each job with its index and result, one call at a time (under a lock), in
  ///   the order the jobs finish.
  public static func run<T: Sendable>(
    _ count: Int, jobs: Int, finished: (@Sendable (Int, T) -> Void)? = nil, job: @Sendable (Int) -> T
  ) -> [T] {
    guard count > 0 else { return [] }
    var results = [T?](repeating: nil, count: count)
    let next = NextIndex()
    results.withUnsafeMutableBufferPointer { buffer in
      // Each index is taken exactly once (under the lock), so every slot is written by one worker only.
      nonisolated(unsafe) let out = buffer
      DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
        while let i = next.take(below: count) {
          let result = job(i)
          out[i] = result
          if let finished { next.locked { finished(i, result) } }
        }
      }
    }
    return results.map { $0! }
  }

  /// A counter that hands out 0, 1, 2, … to whichever worker asks next.
  private final class NextIndex: @unchecked Sendable {
    // @unchecked: `value` is only read and written under `lock`.
    private let lock = NSLock()
    private var value = 0

    func locked(_ body: () -> Void) {
      lock.lock()
      defer { lock.unlock() }
      body()
    }

    func take(below limit: Int) -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard value < limit else { return nil }
      value += 1
      return value - 1
    }
  }
}
