import Foundation
import Matching

/// Says an E-value in words a reader without statistics can weigh: "about 1 in 10^18 by chance".
///
/// The E-value is the expected number of chance matches at least this good over this transcript and index
/// (`Protocol/SIGNIFICANCE.md`); below about 1 in 1,000 only its order of magnitude matters to a reader.
public enum SignificanceWording {
  /// The E-value with what it rests on, for every surface that states a finding's strength.
  ///
  /// - Calibrated, within the null: "calibrated: 3 of 800 independent answers had a passage this strong; expected
  ///   about 1 in 270 by chance".
  /// - Calibrated, past the strongest null passage: "calibrated: none of 800 independent answers had a passage this
  ///   strong; expected about 1 in 10^5 by chance (extrapolated along the fitted null tail)".
  /// - Calibrated on a panel that never answered the transcript's prompt: "calibrated: 14 of 1,440 independent
  ///   answers, none to this prompt, had a passage this strong; …", since such a null understates how alike answers
  ///   to one prompt run (`SignificanceBasis.panelAnsweredPrompt`); in a transcript without prompts, where the
  ///   echoed reference answer's prompt is the one checked, "…, none to that answer's prompt, …".
  /// - Uncalibrated: "uncalibrated: about 1 in 10^18 by a word-frequency model that overstates the odds of
  ///   conventional text", so nobody reads the figure as odds.
  public static func strength(eValue: Double, basis: SignificanceBasis) -> String {
    guard basis.calibrated else {
      // The figure without its "by chance" (a suffix check: Foundation's search was 2% of opening a document).
      let words = chance(eValue: eValue)
      let suffix = " by chance"
      let odds = words.hasSuffix(suffix) ? String(words.dropLast(suffix.count)) : words
      return "uncalibrated: \(odds) by a word-frequency model that overstates the odds of conventional text"
    }
    let answers = basis.nullAnswers.map { thousands($0) } ?? "the"
    let count = basis.nullPassagesAsStrong ?? 0
    let observed = count == 0 ? "none of \(answers)" : "\(count) of \(answers)"
    let otherPrompts =
      !basis.restsOnOtherPrompts
      ? "" : basis.checkedPrompt == .reference ? ", none to that answer's prompt," : ", none to this prompt,"
    var text =
      "calibrated: \(observed) independent answers\(otherPrompts) had a passage this strong; "
      + "expected \(expected(eValue))"
    if basis.extrapolated { text += " (extrapolated along the fitted null tail)" }
    return text
  }

  /// Whether two E-values read the same wherever a finding states its strength (`chance`, and so `strength` and
  /// `expected`): the language server keeps a diagnostic whose E-value moved only within its wording.
  public static func readsTheSame(_ a: Double, _ b: Double) -> Bool {
    a == b || (a.isNaN && b.isNaN) || chance(eValue: a) == chance(eValue: b)
  }

  /// "about 1 in 10^5 by chance" / "about 0.02 times by chance": `chance` with a small expected count spelled as one.
  static func expected(_ eValue: Double) -> String {
    let words = chance(eValue: eValue)
    return words.hasPrefix("expected ") ? String(words.dropFirst("expected ".count)) : words
  }

  /// A count exactly, with thousands separators: 24000 → "24,000".
  static func thousands(_ n: Int) -> String {
    var digits = Array(String(n))
    var i = digits.count - 3
    while i > 0 {
      digits.insert(",", at: i)
      i -= 3
    }
    return String(digits)
  }

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
    return thousands(Int(min((x / scale).rounded() * scale, 1e15)))
  }
}
