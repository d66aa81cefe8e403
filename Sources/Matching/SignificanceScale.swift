import Foundation

/// How an alignment's bits are counted and become its E-value: through the calibrated null when the scan has one,
/// otherwise through the unigram chance model (which overstates the surprise of conventional text, and so is
/// labelled uncalibrated and held to a far stricter threshold).
struct SignificanceScale {
  /// The empirical null that applies; nil for the unigram chance model.
  let calibration: NullDistribution?
  /// Tokens of the index the matches are found in, for the chance model's count of possible starts.
  let indexTokens: Double
  /// What each edit of an alignment costs (`SignificanceModel.bits`): the chance model's charge, or the calibrated
  /// one whenever the scan is calibrated or collects a null, for the background's matches too, so that the two
  /// are compared on one scale.
  let editBits: Double

  /// Expected number of passages at least `bits` strong in a transcript of `transcriptTokens` tokens.
  func eValue(bits: Double, transcriptTokens: Int) -> Double {
    if let calibration { return calibration.eValue(bits: bits, transcriptTokens: transcriptTokens) }
    return SignificanceModel.eValue(bits: bits, queryTokens: transcriptTokens, referenceTokens: Int(indexTokens))
  }

  /// The fewest bits whose E-value is at most `maxEValue` in a transcript of `transcriptTokens` tokens.
  func requiredBits(transcriptTokens: Int, maxEValue: Double) -> Double {
    if let calibration { return calibration.requiredBits(transcriptTokens: transcriptTokens, maxEValue: maxEValue) }
    return log2(Double(max(1, transcriptTokens)) * indexTokens / max(maxEValue, 1e-300))
  }
}
