import Evidence
import Foundation
import Matching

/// Fuzz target: calibration files as `scan`, `verify` and the server read them, which anyone can edit and any disk
/// can damage.
///
/// Any bytes that load as a calibration (`CalibrationFile.decode`, which checks the fit) go through the arithmetic
/// every finding's E-value takes: both nulls' E-values and required bits for transcripts of 1 token to far more
/// than any file holds, at thresholds from 1e-300 to 1e6, and the words that state them; and a self-check the file
/// holds, as a report would show it. Invariants: nothing traps, and an E-value or a self-check ratio is never
/// negative or NaN.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCalibrationFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  guard let file = try? CalibrationFile.decode(bytes, path: "calibration.json") else { return 0 }
  for prompted in [true, false] {
    let null = file.calibration.distribution(prompted: prompted)
    for transcriptTokens in [1, 57, 10_000, 1 << 40] {
      for bits in [-1e6, -1, 0, 0.5, 37, 250, 1e6, .infinity] {
        let e = null.eValue(bits: bits, transcriptTokens: transcriptTokens)
        precondition(!e.isNaN && e >= 0, "E-value \(e) at \(bits) bits")
        _ = SignificanceWording.chance(eValue: e)
        _ = FindingMessage.scientific(e)
        _ = null.isExtrapolated(bits: bits)
        _ = null.observedCount(atLeast: bits)
      }
      for maxEValue in [1e-300, 0.002, 1, 1e6] {
        _ = null.requiredBits(transcriptTokens: transcriptTokens, maxEValue: maxEValue)
      }
    }
  }
  // A file's self-check is only read and shown: its rows' ratios and verdicts, and the evidence record that repeats
  // it, must come out of whatever counts a file that passed the checks holds.
  if let check = file.calibration.selfCheck {
    for row in check.prompted + check.bare {
      precondition(!row.ratio.isNaN && row.ratio >= 0, "self-check ratio \(row.ratio)")
      _ = (row.isJudged, row.isWithin)
    }
    _ = check.tooMany
    precondition(CalibrationRecord(file).selfCheck == check)
  }
  return 0
}
