import Foundation

/// Says an E-value in words a reader without statistics can weigh: "about 1 in 10^18 by chance".
///
/// The E-value is the expected number of chance matches at least this good over this transcript and index
/// (`Protocol/SIGNIFICANCE.md`); below about 1 in 1,000 only its order of magnitude matters to a reader.
public enum SignificanceWording {
  public static func chance(eValue: Double) -> String {
    if eValue.isNaN { return "chance unknown" }
    if eValue <= 0 { return "less than 1 in 10^300 by chance" }
    if eValue < 1e-3 {
      let exponent = Int((-log10(eValue)).rounded())
      return "about 1 in 10^\(exponent) by chance"
    }
    if eValue < 0.5 { return "about 1 in \(twoSignificantDigits(1 / eValue)) by chance" }
    if eValue < 1.5 { return "expected about once by chance" }
    if eValue.isInfinite { return "expected very often by chance" }
    return "expected about \(twoSignificantDigits(eValue)) times by chance"
  }

  /// `x` (≥ 1) rounded to two significant digits, written as an integer with thousands separators: 1,234 → "1,200".
  static func twoSignificantDigits(_ x: Double) -> String {
    let magnitude = max(0, Int(floor(log10(x))) - 1)
    let scale = pow(10, Double(magnitude))
    let value = Int(min((x / scale).rounded() * scale, 1e15))
    var digits = Array(String(value))
    var i = digits.count - 3
    while i > 0 {
      digits.insert(",", at: i)
      i -= 3
    }
    return String(digits)
  }
}
