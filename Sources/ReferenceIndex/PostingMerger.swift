/// Merges sorted posting runs from disk with the last, in-memory run, in order.
final class PostingMerger {
  private var runs: [PostingRun]
  private let memory: [Posting]
  private var memoryIndex = 0
  /// The current head of each source; index `runs.count` is the in-memory run.
  private var heads: [Posting?]
  var runCount: Int { runs.count }

  init(runs: [PostingRun], memory: [Posting]) throws {
    self.runs = runs
    self.memory = memory
    heads = try runs.map { try $0.next() }
    heads.append(memory.first)
  }

  func next() throws -> Posting? {
    // Few runs are expected (each is half the memory limit), so a linear scan of the heads is enough.
    var best = -1
    for (i, head) in heads.enumerated() {
      guard let head else { continue }
      if best < 0 || head < heads[best]! { best = i }
    }
    guard best >= 0 else { return nil }
    let result = heads[best]
    if best == runs.count {
      memoryIndex += 1
      heads[best] = memoryIndex < memory.count ? memory[memoryIndex] : nil
    } else {
      heads[best] = try runs[best].next()
    }
    return result
  }
}
