import Foundation
import ReferenceIndex

/// Shows index-build progress: a redrawn bar with rate and ETA on a terminal, plain lines every few seconds
/// otherwise (CI logs should not fill with carriage returns).
final class BuildProgressDisplay {
  let isTerminal = StandardStreams.errorIsTerminal
  var lastPrinted = 0.0

  func update(_ p: IndexBuildProgress) {
    let rate = p.seconds > 0 ? Double(p.inputBytesRead) / p.seconds / 1e6 : 0
    let fraction = p.inputBytesTotal > 0 ? min(1, Double(p.inputBytesRead) / Double(p.inputBytesTotal)) : 0
    let eta = rate > 0 ? Double(p.inputBytesTotal - p.inputBytesRead) / 1e6 / rate : 0
    if isTerminal {
      let width = 30
      let filled = Int(fraction * Double(width))
      let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
      StandardStreams.error(
        String(
          format: "\r[%@] %3.0f%%  %.1f MB/s  ETA %.0fs  %d docs  %@   ", bar, fraction * 100, rate, eta, p.documents,
          p.phase))
    } else if p.seconds - lastPrinted >= 5 || p.phase != "reading" {
      lastPrinted = p.seconds
      StandardStreams.error(
        String(
          format: "progress: %.0f%% of input, %.1f MB/s, ETA %.0fs, %d documents, %@\n", fraction * 100, rate, eta,
          p.documents, p.phase))
    }
  }

  func finish() {
    if isTerminal { StandardStreams.error("\n") }
  }
}
