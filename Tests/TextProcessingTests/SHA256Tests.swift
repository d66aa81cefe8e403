import Testing

@testable import TextProcessing

@Suite struct SHA256Tests {
  @Test func nistShortMessages() {
    #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hexDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func oneMillionA() {
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hexDigest(message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Feeding the message in pieces of every awkward size gives the same digest as hashing it at once.
  @Test func incrementalUpdatesMatchOneShot() {
    let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let expected = SHA256.hash(message)
    for pieceSize in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
      var hasher = SHA256()
      var start = 0
      while start < message.count {
        let end = min(start + pieceSize, message.count)
        hasher.update(Array(message[start..<end]))
        start = end
      }
      #expect(hasher.finalize() == expected, "piece size \(pieceSize)")
    }
  }

  @Test func messageLengthsAroundThePaddingBoundary() {
    // Digests from a reference implementation (Python hashlib) of "a" repeated 55, 56 and 64 times.
    #expect(
      SHA256.hexDigest([UInt8](repeating: 0x61, count: 55))
        == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    #expect(
      SHA256.hexDigest([UInt8](repeating: 0x61, count: 56))
        == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    #expect(
      SHA256.hexDigest([UInt8](repeating: 0x61, count: 64))
        == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
  }

  /// The Swift rounds and the processor's SHA instructions (where it has them) give the same digests, for every
  /// length across several blocks and whatever the pieces fed in; the known digests above check one path each run.
  @Test func swiftRoundsAndInstructionsAgree() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let message = (0..<4099).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 33)
    }
    for length in Array(0...300) + [511, 512, 513, 4096, 4099] {
      var swift = SHA256(usingInstructions: false)
      var native = SHA256(usingInstructions: true)
      swift.update(Array(message[..<length]))
      for piece in stride(from: 0, to: length, by: 97) {
        native.update(Array(message[piece..<min(length, piece + 97)]))
      }
      #expect(swift.finalize() == native.finalize(), "length \(length)")
    }
    var swift = SHA256(usingInstructions: false)
    swift.update(Array("abc".utf8))
    #expect(SHA256.hexString(swift.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}
