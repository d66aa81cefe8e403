import Foundation
import Matching

/// The one-line wording of a finding, shared by `echolens scan` and the language server's diagnostics.
///
/// One place decides the words, so a finding reads the same in a terminal, in CI and in the editor.
public enum FindingMessage {
  /// The message, for example "Echoes gpt-4 answer alpaca:123: 94% of 61 words, about 1 in 10^18 by chance".
  public static func text(for passage: Passage) -> String {
    switch passage.kind {
    case .echo:
      guard let best = passage.best else { return "Echoes a reference answer" }
      var text =
        "Echoes \(best.model) answer \(best.documentID): \(percent(best.similarity)) of \(best.tokenCount) words; "
        + SignificanceWording.strength(eValue: best.eValue, basis: best.significance)
      if let contrast = passage.contrast, contrast.isNearlyAsGood {
        text +=
          "; \(contrast.model) answer \(contrast.documentID) matches nearly as well (\(percent(contrast.share))), "
          + "so this is not evidence for \(best.model) alone"
      }
      return text
    case .selfIdentification:
      let quote = "“\(excerpt(passage.text, limit: 80))”"
      guard let identity = passage.identity else { return "Claims to be another model: \(quote)" }
      if let model = identity.claimedModel { return "Claims to be \(model) (\(identity.maker)): \(quote)" }
      return "Claims to be made by \(identity.maker): \(quote)"
    case .commonText:
      let reference = passage.best.map { "\($0.model) answer \($0.documentID)" } ?? "the reference"
      guard let background = passage.background else {
        return "Common text: matches \(reference) but is common in other writing"
      }
      return "Common text: matches background answer \(background.documentID) about as well as \(reference)"
    }
  }

  /// The reason behind a finding in one line, for the line under a compiler-style message and for hovers.
  public static func reason(for passage: Passage) -> String {
    switch passage.kind {
    case .echo, .commonText:
      var parts: [String] = []
      if let best = passage.best {
        parts.append(
          "reference \(best.documentID) by \(best.model): similarity \(percent(best.similarity)), "
            + "longest verbatim run \(best.longestVerbatimRun) words, E-value \(scientific(best.eValue)) "
            + basisInParentheses(best.significance))
      }
      if let background = passage.background {
        parts.append(
          "background \(background.documentID) by \(background.model): similarity \(percent(background.similarity)), "
            + "E-value \(scientific(background.eValue))")
      }
      parts.append("\(passage.strength.rawValue) evidence")
      return parts.joined(separator: "; ")
    case .selfIdentification:
      let claim = passage.identity.map { ($0.claimedModel.map { "\($0) by " } ?? "made by ") + $0.maker } ?? "unknown"
      return "self-identification: claims \(claim); rule \(passage.identity?.rule ?? "unknown")"
    }
  }

  /// "(calibrated)", "(calibrated on answers to other prompts)" or "(uncalibrated)": what an E-value rests on.
  static func basisInParentheses(_ basis: SignificanceBasis) -> String {
    guard basis.calibrated else { return "(uncalibrated)" }
    return basis.restsOnOtherPrompts ? "(calibrated on answers to other prompts)" : "(calibrated)"
  }

  /// A share 0...1 as a whole percentage that says 100% only for all and 0% only for nothing.
  public static func percent(_ share: Double) -> String {
    guard share.isFinite else { return "?%" }
    var p = Int((share * 100).rounded())
    if share < 1, p >= 100 { p = 99 }
    if share > 0, p <= 0 { return "<1%" }
    return "\(max(0, min(p, 100)))%"
  }

  /// An E-value in short scientific notation (`3.2e-18`), as a number for readers who want one.
  public static func scientific(_ x: Double) -> String {
    guard x.isFinite, x > 0 else { return x == 0 ? "0" : "\(x)" }
    let exponent = Int(floor(log10(x)))
    var mantissa = x / pow10(exponent)
    guard mantissa.isFinite else { return "\(x)" }
    var e = exponent
    mantissa = (mantissa * 10).rounded() / 10
    if mantissa >= 10 {
      mantissa /= 10
      e += 1
    }
    let m = mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa)
    return e == 0 ? m : "\(m)e\(e)"
  }

  /// `text` on one line (runs of white space become one space, none at either end), cut to at most `limit`
  /// characters with "…".
  ///
  /// Reads only as far as the cut: splitting a whole passage into words to keep its first line was a sixth of a
  /// text-format `scan` of echo-dense transcripts, whose passages run to kilobytes.
  public static func excerpt(_ text: String, limit: Int) -> String {
    var line = ""
    var count = 0
    var spacePending = false
    for character in text {
      if character.isWhitespace || character.isNewline {
        spacePending = count > 0
        continue
      }
      if spacePending {
        line.append(" ")
        count += 1
        spacePending = false
        if count > limit { break }
      }
      line.append(character)
      count += 1
      if count > limit { break }
    }
    guard count > limit else { return line }
    return String(line.prefix(max(limit - 1, 0))) + "…"
  }

  private static func pow10(_ e: Int) -> Double {
    var r = 1.0
    for _ in 0..<abs(e) { r *= 10 }
    return e < 0 ? 1 / r : r
  }
}
