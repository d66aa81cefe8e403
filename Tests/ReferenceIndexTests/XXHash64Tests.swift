import ReferenceIndex
import Testing

/// The section checksum is the published XXH64, so readers in other languages can verify an index.
@Suite struct XXHash64Tests {
  func xxh64(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { XXHash64.hash($0, seed: seed) }
  }

  @Test func knownVectors() {
    #expect(xxh64([]) == 0xEF46_DB37_51D8_E999)
    #expect(xxh64(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
    #expect(xxh64(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
  }

  @Test func streamingInPiecesEqualsOneCall() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let whole = xxh64(bytes)
    for pieceSize in [1, 3, 31, 32, 33, 100] {
      var hasher = XXHash64()
      var offset = 0
      while offset < bytes.count {
        let end = min(bytes.count, offset + pieceSize)
        bytes[offset..<end].withUnsafeBytes { hasher.update($0) }
        offset = end
      }
      #expect(hasher.finalize() == whole, "pieces of \(pieceSize) bytes")
    }
  }

  @Test func theSeedChangesTheHash() {
    #expect(xxh64(Array("abc".utf8), seed: 1) != xxh64(Array("abc".utf8)))
  }
}
