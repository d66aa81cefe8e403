import TextProcessing

/// Writes a report to a file the way nothing is lost: a temporary file beside it, then a rename
/// (`ReplacingFileWrite`).
public enum ReportOutputFile {
  /// - Throws: `ReportInputError` naming the path and the reason.
  public static func write(_ text: String, to path: String) throws {
    if let problem = ReplacingFileWrite.write(Array(text.utf8), to: path) {
      throw ReportInputError("\(path): cannot write the report: \(problem)")
    }
  }
}
