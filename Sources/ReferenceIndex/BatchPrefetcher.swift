import Dispatch
import TextProcessing

/// Reads the next corpus batch on a background thread while the builder tokenises the current one.
///
/// Parsing JSON and hashing the inputs (SHA-256) take about a third of a build; done in line they leave the other
/// core idle while the tokeniser waits. Only one read is ever in flight, which is what `CorpusReader` requires.
///
/// Nothing can be tokenised before the first batch is read, so batches start at a sixteenth of the target size and
/// double up to it: with 16 MiB batches, the shared data (23 MB) was two batches, and a build spent its first
/// 0.17 s of 0.45 hashing and parsing the first one on little more than one core.
final class BatchPrefetcher: @unchecked Sendable {
  // @unchecked: `pending` is written by the background read and read by `next()` only after `group.wait()`, which
  // orders the two; no other state is shared.
  private let reader: CorpusReader
  private let targetBytes: Int
  /// The size of the next batch to read: growing to `targetBytes`.
  private var nextBytes: Int
  private let queue = DispatchQueue(label: "echolens.index.prefetch")
  private let group = DispatchGroup()
  private var pending: Result<CorpusBatch?, Error> = .success(nil)
  private var finished = false

  init(reader: CorpusReader, targetBytes: Int) {
    self.reader = reader
    self.targetBytes = targetBytes
    nextBytes = max(1, targetBytes / 16)
    start()
  }

  private func start() {
    let bytes = nextBytes
    nextBytes = min(targetBytes, nextBytes * 2)
    group.enter()
    queue.async { [self] in
      pending = Result { try reader.nextBatch(targetBytes: bytes) }
      group.leave()
    }
  }

  /// The next batch in input order, or nil at the end; rethrows the reader's error.
  func next() throws -> CorpusBatch? {
    guard !finished else { return nil }
    group.wait()
    let result = pending
    switch result {
    case .success(let batch?):
      start()
      return batch
    case .success(nil):
      finished = true
      return nil
    case .failure(let error):
      finished = true
      throw error
    }
  }

  deinit {
    // Never leave a read running against a reader that is going away.
    group.wait()
  }
}
