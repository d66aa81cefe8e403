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

  public init(calibrated: Bool, nullAnswers: Int?, nullPassagesAsStrong: Int?, extrapolated: Bool) {
    self.calibrated = calibrated
    self.nullAnswers = nullAnswers
    self.nullPassagesAsStrong = nullPassagesAsStrong
    self.extrapolated = extrapolated
  }

  /// The basis of a word-frequency E-value, made without a calibration.
  public static let uncalibrated = SignificanceBasis(
    calibrated: false, nullAnswers: nil, nullPassagesAsStrong: nil, extrapolated: false)

  /// The basis of `bits` under the null `distribution` of `calibration` (uncalibrated when nil).
  init(bits: Double, calibration: NullCalibration?, distribution: NullDistribution?) {
    guard let calibration, let distribution else {
      self = .uncalibrated
      return
    }
    self.init(
      calibrated: true, nullAnswers: calibration.nullAnswers,
      nullPassagesAsStrong: distribution.observedCount(atLeast: bits),
      extrapolated: distribution.isExtrapolated(bits: bits))
  }
}
