/// Turns the results of a scan run into the text the scan command prints.
///
/// Renderers are pure: same input, same bytes (JSON and SARIF have sorted keys and no timestamps), so CI can diff
/// two runs.
public protocol ScanOutputRenderer: Sendable {
  /// The whole output for `files`, in the order given, ending in a newline.
  ///
  /// - Throws: `EncodingError` only if a value cannot be written as JSON.
  func render(_ files: [ScanOutputFile], run: ScanOutputRun) throws -> String
}

/// The scan command's entry point into the output formats.
public enum ScanOutput {
  /// `files` rendered in `format`.
  public static func render(_ files: [ScanOutputFile], run: ScanOutputRun, format: ScanOutputFormat) throws -> String {
    try format.renderer.render(files, run: run)
  }
}
