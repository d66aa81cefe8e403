import Foundation

/// Writes a report to a file the way nothing is lost: a temporary file beside it, then a rename.
public enum ReportOutputFile {
  /// - Throws: `ReportInputError` naming the path and the reason.
  public static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      try Data(text.utf8).write(to: temporary)
      guard rename(temporary.path, url.path) == 0 else {
        throw ReportInputError("\(path): cannot write the report: \(String(cString: strerror(errno)))")
      }
    } catch let error as ReportInputError {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw ReportInputError("\(path): cannot write the report: \((error as NSError).localizedDescription)")
    }
  }
}
