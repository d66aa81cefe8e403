import TextProcessing

/// Reads the next corpus batch on a background thread while the builder tokenises the current one.
///
/// Parsing JSON and hashing the inputs (SHA-256) take about a third of a build; done in line they leave the other
/// core idle while the tokeniser waits. Only one read is ever in flight, which is what `CorpusReader` requires.
///
/// Nothing can be tokenised before the first batch is read, so batches start at a sixteenth of the target size and
/// double up to it: with 16 MiB batches, the shared data (23 MB) was two batches, and a build spent its first
/// 0.17 s of 0.45 hashing and parsing the first one on little more than one core.
final class BatchPrefetcher {
  private let reader: CorpusReader
  private let targetBytes: Int
  /// The size of the next batch to read: growing to `targetBytes`.
  private var nextBytes: Int
  /// The read in flight; its task's `deinit` waits for it, so no read outlives the reader.
  private var pending: BackgroundTask<CorpusBatch?>
  private var finished = false

  init(reader: CorpusReader, targetBytes: Int) {
    self.reader = reader
    self.targetBytes = targetBytes
    nextBytes = max(1, targetBytes / 16)
    pending = Self.read(reader, bytes: nextBytes)
    nextBytes = min(targetBytes, nextBytes * 2)
  }

  private static func read(_ reader: CorpusReader, bytes: Int) -> BackgroundTask<CorpusBatch?> {
    BackgroundTask { try reader.nextBatch(targetBytes: bytes) }
  }

  /// The next batch in input order, or nil at the end; rethrows the reader's error.
  func next() throws -> CorpusBatch? {
    guard !finished else { return nil }
    let batch: CorpusBatch?
    do {
      batch = try pending.result()
    } catch {
      finished = true
      throw error
    }
    guard let batch else {
      finished = true
      return nil
    }
    // Only one read is ever in flight: the next starts once this one is done.
    pending = Self.read(reader, bytes: nextBytes)
    nextBytes = min(targetBytes, nextBytes * 2)
    return batch
  }
}
