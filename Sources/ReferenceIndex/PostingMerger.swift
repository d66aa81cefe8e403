/// Merges sorted posting runs from disk with the last, in-memory run, in order.
///
/// Every posting of the corpus passes through here one at a time, on one thread, while the other cores wait; so the
/// merge hands out postings a buffer at a time (`fill`) and keeps its sources in a local variable while it does,
/// where a posting per call on the class's own properties spent a quarter of its time in Swift's dynamic
/// exclusivity checks.
final class PostingMerger {
  /// One sorted source: a chunk of it in memory, and the run it is read from (nil for the in-memory run, whose
  /// chunk is all of it).
  private struct Source {
    var chunk: [Posting]
    var index = 0
    let run: PostingRun?
  }

  private var sources: [Source]
  var runCount: Int { sources.count - 1 }

  init(runs: [PostingRun], memory: [Posting]) throws {
    sources = try runs.map { Source(chunk: try $0.nextChunk(), run: $0) }
    sources.append(Source(chunk: memory, run: nil))
  }

  /// Fills `out` with the next postings in order and returns how many; fewer than `out.count` only at the end.
  func fill(_ out: UnsafeMutableBufferPointer<Posting>) throws -> Int {
    var sources: [Source] = []
    swap(&sources, &self.sources)
    defer { swap(&sources, &self.sources) }
    var n = 0
    while n < out.count {
      // Few runs are expected (each is half the memory limit), so a linear scan of the heads is enough.
      var best = -1
      for i in sources.indices where sources[i].index < sources[i].chunk.count {
        if best < 0 || sources[i].chunk[sources[i].index] < sources[best].chunk[sources[best].index] { best = i }
      }
      guard best >= 0 else { break }
      out[n] = sources[best].chunk[sources[best].index]
      n += 1
      sources[best].index += 1
      if sources[best].index == sources[best].chunk.count, let run = sources[best].run {
        sources[best].chunk = try run.nextChunk()
        sources[best].index = 0
      }
    }
    return n
  }
}
