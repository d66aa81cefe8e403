/// A table keyed by term or seed hashes, by open addressing on their low bits.
///
/// A scan asks for a term's bits at every step of every extension, and prompt dictation probes a prompt's seeds
/// once per answer k-gram: hundreds of thousands of lookups per megabyte. `Dictionary` and `Set` would hash each
/// 64-bit key again with SipHash; these keys are already well mixed (`TermHasher`), so their low bits are enough.
/// With `Value == Void` the table is a set.
struct TermHashTable<Value> {
  private var keys: [UInt64]
  private var values: [Value?]
  private var count = 0
  private var mask: Int

  /// An empty table with room for about `capacity` keys before it grows.
  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    values = [Value?](repeating: nil, count: size)
    mask = size - 1
  }

  /// The slot holding `key`, or the empty slot where it would go.
  private func slot(of key: UInt64) -> Int {
    var slot = Int(truncatingIfNeeded: key) & mask
    while values[slot] != nil, keys[slot] != key { slot = (slot + 1) & mask }
    return slot
  }

  subscript(key: UInt64) -> Value? { values[slot(of: key)] }

  func contains(_ key: UInt64) -> Bool { self[key] != nil }

  mutating func insert(_ key: UInt64, _ value: Value) {
    let s = slot(of: key)
    if values[s] == nil { count += 1 }
    keys[s] = key
    values[s] = value
    if count * 2 > keys.count { grow() }
  }

  /// The value of `key`, or `compute(key)` stored for next time.
  mutating func value(of key: UInt64, _ compute: (UInt64) -> Value) -> Value {
    let s = slot(of: key)
    if let value = values[s] { return value }
    let value = compute(key)
    insert(key, value)
    return value
  }

  private mutating func grow() {
    let old = zip(keys, values)
    let size = keys.count * 2
    keys = [UInt64](repeating: 0, count: size)
    values = [Value?](repeating: nil, count: size)
    mask = size - 1
    count = 0
    for case (let key, let value?) in old { insert(key, value) }
  }
}

extension TermHashTable where Value == Void {
  /// A set of `members`.
  init<S: Sequence>(_ members: S, capacity: Int) where S.Element == UInt64 {
    self.init(capacity: capacity)
    for member in members { insert(member, ()) }
  }
}

/// A table built once and only read afterwards (a scanner's name table) may be shared between scans.
extension TermHashTable: Sendable where Value: Sendable {}
