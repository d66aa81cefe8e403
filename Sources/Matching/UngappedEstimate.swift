/// A quick lower estimate of a chain's evidence: the weighted bits of ungapped extensions around its seed hits.
///
/// Most chains in a large index are two seeds of one shared five- or six-word phrase. Banded alignment of each would
/// dominate scan time, so a chain is aligned only when extending its hits along their diagonals (stopping after a
/// few mismatches, X-drop style) already collects a good share of the bits a reported passage needs. Genuine copies,
/// even edited ones, extend well beyond their seeds; chance phrases do not.
struct UngappedEstimate {
  /// Bits subtracted for a mismatch while extending.
  static let mismatchBits = 8.0
  /// Extension stops once the running score falls this far below its best.
  static let dropOff = 24.0

  let query: UnsafeBufferPointer<UInt64>
  let reference: [UInt64]
  /// Per query token: its surprise times its chance-model weight.
  let tokenBits: (Int) -> Double

  /// One ungapped stretch around a hit.
  struct Segment {
    var queryStart: Int
    var queryEnd: Int
    var referenceStart: Int
    var referenceEnd: Int
    var bits: Double
  }

  /// The best chained score of the ungapped segments around the chain's hits: segments in order, each gap between
  /// two of them paying `mismatchBits` per skipped token, restarting where a gap costs more than it joins. A copy
  /// with edits chains its segments; phrases that happen to recur near one diagonal do not.
  func bits(of chain: SeedChain, seedLength: Int) -> Double {
    var segments: [Segment] = []
    for seed in chain.seeds {
      let q = Int(seed.query)
      let r = Int(seed.reference)
      if segments.contains(where: {
        $0.referenceStart - $0.queryStart == r - q && q >= $0.queryStart && q < $0.queryEnd
      }) {
        continue
      }
      var seedBits = 0.0
      for i in 0..<seedLength where q + i < query.count { seedBits += tokenBits(q + i) }
      let right = extend(q: q + seedLength, r: r + seedLength, step: 1)
      let left = extend(q: q - 1, r: r - 1, step: -1)
      segments.append(
        Segment(
          queryStart: q - left.length, queryEnd: q + seedLength + right.length, referenceStart: r - left.length,
          referenceEnd: r + seedLength + right.length, bits: seedBits + left.bits + right.bits))
    }
    segments.sort { $0.queryStart < $1.queryStart }
    var best = 0.0
    var running = 0.0
    var previous: Segment? = nil
    for segment in segments {
      if let p = previous, segment.referenceStart >= p.referenceStart {
        let gap = max(0, segment.queryStart - p.queryEnd, segment.referenceStart - p.referenceEnd)
        running = max(segment.bits, running - Double(gap) * Self.mismatchBits + segment.bits)
      } else {
        running = segment.bits
      }
      best = max(best, running)
      previous = segment
    }
    return best
  }

  /// The best score and its length when extending from (q, r) in direction `step` without gaps.
  func extend(q: Int, r: Int, step: Int) -> (bits: Double, length: Int) {
    var score = 0.0
    var best = 0.0
    var bestLength = 0
    var i = 0
    while true {
      let qi = q + i * step
      let ri = r + i * step
      guard qi >= 0, qi < query.count, ri >= 0, ri < reference.count else { break }
      score += query[qi] == reference[ri] ? tokenBits(qi) : -Self.mismatchBits
      i += 1
      if score > best {
        best = score
        bestLength = i
      } else if best - score > Self.dropOff {
        break
      }
    }
    return (best, bestLength)
  }
}
