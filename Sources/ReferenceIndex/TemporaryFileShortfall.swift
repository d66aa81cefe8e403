import SystemCalls
import TextProcessing

extension FileDescriptorReading.Shortfall {
  /// The build error for a temporary file of the builder's own (`what`, as "run file") that could not be read back:
  /// worded apart for a file shorter than what was written to it and for a read that failed.
  func buildFailed(path: String, what: String) -> IndexError {
    switch self {
    case .endOfFile: return .buildFailed(detail: "\(path): \(what) is shorter than written")
    case .failed(let code):
      return .buildFailed(detail: "\(path): cannot read \(what): \(SystemErrorText.words(for: code))")
    }
  }
}
