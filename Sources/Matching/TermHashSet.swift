/// A set of term or seed hashes, by open addressing on their low bits.
///
/// Prompt dictation builds one of these per prompt and probes it once per answer k-gram. The hashes are already
/// well mixed (`TermHasher`), so `Set`'s SipHash over them is wasted work on a path taken for every scored document.
struct TermHashSet {
  private var slots: [UInt64]
  private var occupied: [Bool]
  private var mask: Int

  /// A set sized for about `capacity` members; it does not grow.
  init<S: Sequence>(_ members: S, capacity: Int) where S.Element == UInt64 {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    occupied = [Bool](repeating: false, count: size)
    mask = size - 1
    for member in members { insert(member) }
  }

  private mutating func insert(_ hash: UInt64) {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while occupied[slot] {
      if slots[slot] == hash { return }
      slot = (slot + 1) & mask
    }
    slots[slot] = hash
    occupied[slot] = true
  }

  func contains(_ hash: UInt64) -> Bool {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while occupied[slot] {
      if slots[slot] == hash { return true }
      slot = (slot + 1) & mask
    }
    return false
  }
}
