/// What a finding's E-value rests on, so every surface can say it in words: the calibrated null of independent
/// answers (how many of them reached this strength, and whether the figure is read off the data or extrapolated
/// along the fitted tail), or only the uncalibrated word-frequency model.
public struct SignificanceBasis: Codable, Sendable, Hashable {
  /// True when the E-value comes from a calibration (`NullCalibration`).
  public var calibrated: Bool
  /// Independent answers scanned for the calibration.
  public var nullAnswers: Int?
  /// Passages found in those answers at least as strong as this one.
  public var nullPassagesAsStrong: Int?
  /// True when this strength lies past the strongest null passages the fit used, so the E-value follows the
  /// fitted exponential tail rather than counted passages.
  public var extrapolated: Bool
  /// For a calibrated finding: whether the panel holds answers to the prompt its text answers (`checkedPrompt` says
  /// whose: the transcript segment's, or in a segment without one the matched reference answer's); nil when neither
  /// has a prompt, or nothing is calibrated.
  ///
  /// False means the E-value rests on independent answers to other prompts, which understate how alike answers to
  /// one prompt run: with an MT-bench panel of half the questions, held-out answers to the other half had 2.7 and
  /// 1.8 times as many passages at E ≤ 0.1 as expected, the two ways round (`Protocol/CALIBRATION.md`). Such a
  /// finding says so and counts one step weaker (`EvidenceStrength`).
  public var panelAnsweredPrompt: Bool?
  /// Whose prompt `panelAnsweredPrompt` is about.
  public var checkedPrompt: CheckedPrompt?

  /// The prompt a finding's text is taken to answer.
  public enum CheckedPrompt: String, Codable, Sendable, Hashable {
    /// The transcript segment's own prompt.
    case transcript
    /// The matched reference answer's prompt, for a segment without one: an independent answer that echoes it most
    /// likely answers the same prompt.
    case reference
  }

  public init(
    calibrated: Bool, nullAnswers: Int?, nullPassagesAsStrong: Int?, extrapolated: Bool,
    panelAnsweredPrompt: Bool? = nil, checkedPrompt: CheckedPrompt? = nil
  ) {
    self.calibrated = calibrated
    self.nullAnswers = nullAnswers
    self.nullPassagesAsStrong = nullPassagesAsStrong
    self.extrapolated = extrapolated
    self.panelAnsweredPrompt = panelAnsweredPrompt
    self.checkedPrompt = panelAnsweredPrompt == nil ? nil : checkedPrompt
  }

  /// True when the E-value rests on a panel that never answered the prompt the text answers.
  public var restsOnOtherPrompts: Bool { calibrated && panelAnsweredPrompt == false }

  /// The basis of a word-frequency E-value, made without a calibration.
  public static let uncalibrated = SignificanceBasis(
    calibrated: false, nullAnswers: nil, nullPassagesAsStrong: nil, extrapolated: false)

  /// The basis of `bits` under the null `distribution` of `calibration` (uncalibrated when nil), for text whose
  /// prompt (`checkedPrompt`'s) the panel answered or not (`panelAnsweredPrompt`, nil when there is none).
  init(
    bits: Double, calibration: NullCalibration?, distribution: NullDistribution?, panelAnsweredPrompt: Bool?,
    checkedPrompt: CheckedPrompt?
  ) {
    guard let calibration, let distribution else {
      self = .uncalibrated
      return
    }
    self.init(
      calibrated: true, nullAnswers: calibration.nullAnswers,
      nullPassagesAsStrong: distribution.observedCount(atLeast: bits),
      extrapolated: distribution.isExtrapolated(bits: bits), panelAnsweredPrompt: panelAnsweredPrompt,
      checkedPrompt: checkedPrompt)
  }
}
