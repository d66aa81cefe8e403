import Foundation

/// Shows how far `echolens scan` has got, on standard error: a line redrawn in place on a terminal, and on anything
/// else (CI logs, pipes) a plain line every ten seconds, so that a short scan prints nothing there and a long audit
/// still shows it is alive. The report itself goes to standard output, untouched.
///
/// `ScanJobs` calls `fileDone` under its lock, one file at a time, so the counters need no lock of their own.
final class ScanProgressDisplay: @unchecked Sendable {
  let totalFiles: Int
  let isTerminal: Bool
  private let started = ContinuousClock.now
  private var files = 0
  private var bytes = 0
  private var lastShown = 0.0
  private var shownOnTerminal = false

  init(totalFiles: Int, isTerminal: Bool = StandardStreams.errorIsTerminal) {
    self.totalFiles = totalFiles
    self.isTerminal = isTerminal
  }

  func fileDone(bytes fileBytes: Int) {
    files += 1
    bytes += fileBytes
    let seconds = elapsed
    let interval = isTerminal ? 0.1 : 10
    guard seconds - lastShown >= interval || (isTerminal && files == totalFiles) else { return }
    lastShown = seconds
    let rate = seconds > 0 ? Double(bytes) / 1e6 / seconds : 0
    let fraction = totalFiles > 0 ? Double(files) / Double(totalFiles) : 1
    let eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0
    let line = String(
      format: "scanning: %d/%d files (%.0f%%), %.1f MB/s, ETA %.0fs", files, totalFiles, fraction * 100, rate, eta)
    if isTerminal {
      StandardStreams.error("\r" + line + "   ")
      shownOnTerminal = true
    } else {
      StandardStreams.error(line + "\n")
    }
  }

  /// Ends the redrawn line, so whatever is printed next starts on a line of its own.
  func finish() {
    if shownOnTerminal { StandardStreams.error("\n") }
  }

  private var elapsed: Double {
    let d = ContinuousClock.now - started
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
