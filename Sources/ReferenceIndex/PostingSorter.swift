import Dispatch

/// Sorts a buffer of postings on every core.
///
/// Seed hashes are uniformly spread, so one counting pass on the top bits splits the buffer into buckets of about
/// equal size that are then sorted independently in parallel; that is several times faster than one comparison
/// sort of the whole buffer on the two cores this tool is expected to run on.
enum PostingSorter {
  static let bucketBits = 12

  static func sort(_ postings: inout [Posting], threads: Int) {
    let n = postings.count
    guard n > 1 else { return }
    if n < 1 << 16 {
      postings.sort()
      return
    }
    let buckets = 1 << bucketBits
    var starts = [Int](repeating: 0, count: buckets + 1)
    for p in postings { starts[Int(p.seed >> UInt64(64 - bucketBits)) + 1] += 1 }
    for b in 0..<buckets { starts[b + 1] += starts[b] }
    var sorted = [Posting](unsafeUninitializedCapacity: n) { storage, initialized in
      var next = starts
      for p in postings {
        let b = Int(p.seed >> UInt64(64 - bucketBits))
        (storage.baseAddress! + next[b]).initialize(to: p)
        next[b] += 1
      }
      initialized = n
    }
    let workers = max(1, threads)
    let boundaries = starts
    sorted.withUnsafeMutableBufferPointer { all in
      // Workers sort disjoint bucket ranges, so sharing the base pointer is race-free.
      nonisolated(unsafe) let base = all.baseAddress!
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var b = worker
        while b < buckets {
          let range = boundaries[b]..<boundaries[b + 1]
          if range.count > 1 {
            var slice = UnsafeMutableBufferPointer(start: base + range.lowerBound, count: range.count)
            slice.sort()
          }
          b += workers
        }
      }
    }
    postings = sorted
  }
}
