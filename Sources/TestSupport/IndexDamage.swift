import ReferenceIndex

/// Byte-level surgery on index files for the tests that damage them on purpose: read the section table, change
/// bytes, and reseal (recompute the checksums) so that a damaged file passes checksum checks.
///
/// Offsets follow `Protocol/INDEX.md`: the section table at byte 96, 24 bytes per section (offset, length,
/// checksum), the header checksum at byte 504.
public enum IndexDamage {
  /// Offset and length of each section (in `IndexSection` order), from the header's section table.
  public static func sections(of bytes: [UInt8]) -> [(offset: Int, length: Int)] {
    IndexSection.allCases.map { section in
      let entry = 96 + section.rawValue * 24
      return (
        Int(clamping: load(bytes, entry, as: UInt64.self)), Int(clamping: load(bytes, entry + 8, as: UInt64.self))
      )
    }
  }

  /// Recomputes every section checksum whose section lies inside the file, then the header checksum.
  public static func reseal(_ bytes: inout [UInt8]) {
    guard bytes.count >= IndexHeader.size else { return }
    for (i, section) in sections(of: bytes).enumerated() {
      let (end, overflow) = section.offset.addingReportingOverflow(section.length)
      guard !overflow, end <= bytes.count else { continue }
      let sum = bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[section.offset..<end])) }
      store(sum, into: &bytes, at: 96 + i * 24 + 16)
    }
    let header = bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<504])) }
    store(header, into: &bytes, at: 504)
  }

  /// The little-endian integer at `offset`.
  public static func load<T: FixedWidthInteger>(_ bytes: [UInt8], _ offset: Int, as type: T.Type) -> T {
    var value: T = 0
    for i in (0..<MemoryLayout<T>.size).reversed() { value = value << 8 | T(bytes[offset + i]) }
    return value
  }

  /// Writes `value` little-endian at `offset`.
  public static func store<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
    for i in 0..<MemoryLayout<T>.size { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
  }
}
