/// The bytes of a `MappedFile`, read only through bounds-checked loads: the one place that reads through the
/// mapping's pointer.
///
/// Index files and corpus inputs are untrusted: every offset and length in them can be damaged or hostile, so every
/// read here checks that it lies inside the mapping and answers nil (never a trap) when it does not. Callers know
/// which file and section they were reading and turn nil into their own error. A plain value with no reference
/// counting, so the scan's innermost loop can hold one; it is valid only while its `MappedFile` is alive.
public struct MappedBytes: @unchecked Sendable {
  // @unchecked: the address points into a read-only mapping that the owning `MappedFile` keeps alive and never
  // changes (the fault guard may replace its pages with zeros, which is still readable memory of the same size).
  // `@usableFromInline` so that the loads below inline and specialise in the index reader: as generic calls across
  // the module boundary, every load looked up type metadata at run time, which made scans several times slower.
  @usableFromInline let base: UnsafeRawPointer?
  /// Readable bytes from the start of the mapping.
  public let count: Int

  init(base: UnsafeRawPointer?, count: Int) {
    self.base = base
    self.count = base == nil ? 0 : count
  }

  /// The little-endian integer at `offset`, or nil when any of its bytes lies outside the mapping.
  @inlinable @inline(__always)
  public func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T? {
    guard let base, offset >= 0, offset <= count &- MemoryLayout<T>.size else { return nil }
    return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
  }

  /// Calls `body` with the bytes `range`, or returns nil without calling it when the range is not inside the
  /// mapping. The buffer is valid only inside `body`.
  @inlinable @inline(__always)
  public func withBytes<R, E: Error>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E)
    -> R?
  {
    guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
    guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    return try body(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
  }

  /// Calls `body` with every byte of the mapping as `UInt8`s; the buffer is valid only inside `body`.
  @inlinable @inline(__always)
  public func withAllBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
    guard let base else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
    return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
  }
}
