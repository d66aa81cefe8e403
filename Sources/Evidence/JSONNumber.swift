/// Keeps doubles writable as JSON and stable across languages.
enum JSONNumber {
  /// JSON has no NaN or infinity, and `-0` reads back as `0` in other languages (which would change a digest), so
  /// NaN becomes 0, infinities the largest finite double, and -0 becomes 0.
  static func finite(_ x: Double) -> Double {
    if x.isNaN { return 0 }
    if x.isInfinite { return x > 0 ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude }
    return x == 0 ? 0 : x
  }
}
