import Dispatch
import TextProcessing

/// Reads the next corpus batch on a background thread while the builder tokenises the current one.
///
/// Parsing JSON and hashing the inputs (SHA-256) take about a third of a build; done in line they leave the other
/// core idle while the tokeniser waits. Only one read is ever in flight, which is what `CorpusReader` requires.
final class BatchPrefetcher: @unchecked Sendable {
  // @unchecked: `pending` is written by the background read and read by `next()` only after `group.wait()`, which
  // orders the two; no other state is shared.
  private let reader: CorpusReader
  private let targetBytes: Int
  private let queue = DispatchQueue(label: "echolens.index.prefetch")
  private let group = DispatchGroup()
  private var pending: Result<CorpusBatch?, Error> = .success(nil)
  private var finished = false

  init(reader: CorpusReader, targetBytes: Int) {
    self.reader = reader
    self.targetBytes = targetBytes
    start()
  }

  private func start() {
    group.enter()
    queue.async { [self] in
      pending = Result { try reader.nextBatch(targetBytes: targetBytes) }
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
