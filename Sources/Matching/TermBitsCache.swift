/// A per-scan memo of each term's surprise in bits, keyed by the term hash itself.
///
/// The ungapped estimate asks for a term's bits at every step of every extension, hundreds of thousands of times
/// per megabyte. A `Dictionary` would hash each 64-bit key again with SipHash; term hashes are already well mixed
/// (`TermHasher`), so open addressing on their low bits is enough, and several times cheaper.
struct TermBitsCache {
  private var keys: [UInt64]
  private var values: [Double]
  private var occupied: [Bool]
  private var count = 0
  private var mask: Int

  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    values = [Double](repeating: 0, count: size)
    occupied = [Bool](repeating: false, count: size)
    mask = size - 1
  }

  /// The cached value of `term`, or `compute(term)` stored for next time.
  mutating func value(of term: UInt64, _ compute: (UInt64) -> Double) -> Double {
    var slot = Int(truncatingIfNeeded: term) & mask
    while occupied[slot] {
      if keys[slot] == term { return values[slot] }
      slot = (slot + 1) & mask
    }
    let value = compute(term)
    keys[slot] = term
    values[slot] = value
    occupied[slot] = true
    count += 1
    if count * 2 > keys.count { grow() }
    return value
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    let oldOccupied = occupied
    let size = keys.count * 2
    keys = [UInt64](repeating: 0, count: size)
    values = [Double](repeating: 0, count: size)
    occupied = [Bool](repeating: false, count: size)
    mask = size - 1
    for i in 0..<oldKeys.count where oldOccupied[i] {
      var slot = Int(truncatingIfNeeded: oldKeys[i]) & mask
      while occupied[slot] { slot = (slot + 1) & mask }
      keys[slot] = oldKeys[i]
      values[slot] = oldValues[i]
      occupied[slot] = true
    }
  }
}
