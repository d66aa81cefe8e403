import Testing
import TextProcessing

/// The bytes are those of `String(value)`, which passage ids and diagnostics' JSON were built from before.
@Suite struct ASCIIDecimalTests {
  @Test func bytesAreThoseOfTheDecimalString() {
    var values = [0, 1, 9, 10, 99, 100, 101, 1_000_000, Int(Int32.max), Int.max, Int.min, -1, -10, -123_456]
    var power = 1
    while power < Int.max / 10 {
      values += [power - 1, power, power + 1]
      power *= 10
    }
    for value in values {
      var out: [UInt8] = Array("x".utf8)
      ASCIIDecimal.append(value, to: &out)
      #expect(String(decoding: out, as: UTF8.self) == "x" + String(value), "\(value)")
    }
  }
}
