/// Integers written in decimal straight into a byte buffer, as string interpolation and JSON write them.
///
/// For the hot paths that build bytes, not strings: a passage's id key (`PassageID`) and a diagnostic's range in the
/// language server's publication, both made for hundreds of passages after every keystroke in a long transcript.
public enum ASCIIDecimal {
  /// Appends `value` in decimal ("-" first when negative), without making a string.
  public static func append(_ value: Int, to out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var divisor: UInt = 1
    while magnitude / divisor >= 10 { divisor *= 10 }
    while divisor > 0 {
      out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
      magnitude %= divisor
      divisor /= 10
    }
  }
}
