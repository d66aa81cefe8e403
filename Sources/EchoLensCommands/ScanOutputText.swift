import Evidence
import Matching

/// Compiler-style output: `path:line:column: warning: message`, a quoted excerpt, the reason, then a summary per
/// file, as gcc and swiftc print diagnostics, so editors and CI log viewers link the locations.
///
/// Lines are 1-based; columns are 1-based and count Unicode scalars (code points), which is what a person counts
/// in a terminal for accented and CJK text; SARIF uses the same unit (`columnKind: unicodeCodePoints`).
public struct ScanOutputText: ScanOutputRenderer {
  public init() {}

  public func render(_ files: [ScanOutputFile], run: ScanOutputRun) throws -> String {
    var out: [String] = []
    var passageCount = 0
    var filesWithFindings = 0
    var errorCount = 0
    var onOtherPrompts = 0
    for file in files {
      if let failure = file.failure {
        out.append("\(file.path): error: \(failure)")
        errorCount += 1
        continue
      }
      guard let result = file.result else { continue }
      let lines = LineTable(bytes: file.bytes ?? [])
      for passage in result.passages {
        let start = lines.position(utf8Offset: passage.range.utf8Start)
        out.append(
          "\(file.path):\(start.line):\(start.scalarColumn): \(ScanOutputSeverity(passage).rawValue): "
            + FindingMessage.text(for: passage))
        out.append("    “\(FindingMessage.excerpt(passage.text, limit: 100))”")
        out.append("    \(FindingMessage.reason(for: passage))")
      }
      out.append(Self.summary(file.path, result))
      passageCount += result.passages.count
      if !result.passages.isEmpty { filesWithFindings += 1 }
      onOtherPrompts += result.passages.filter { $0.best?.significance.restsOnOtherPrompts == true }.count
    }
    out.append(
      "\(run.tool.name): \(Self.count(files.count, "file")), \(Self.count(passageCount, "passage")) in "
        + "\(Self.count(filesWithFindings, "file")), \(Self.count(errorCount, "error"))")
    // A run whose panel never answered the transcripts' prompts says so once, where a CI log's reader looks.
    if onOtherPrompts > 0 {
      let one = onOtherPrompts == 1
      let (verb, whose, eValues) = one ? ("rests", "its prompt", "its E-value") : ("rest", "theirs", "their E-values")
      out.append(
        "\(run.tool.name): \(Self.count(onOtherPrompts, "passage")) \(verb) on independent answers to other prompts "
          + "(the panel never answered \(whose)), so \(eValues) may understate chance")
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// `path: 3 passages (2 echo, 1 self-identification); 42% of the text echoes gpt-4; 812 words scanned`.
  static func summary(_ path: String, _ result: ScanResult) -> String {
    var parts: [String] = []
    if result.passages.isEmpty {
      parts.append("no passages")
    } else {
      let kinds = FindingKind.allCases.compactMap { kind -> String? in
        let n = result.passages.filter { $0.kind == kind }.count
        return n == 0 ? nil : "\(n) \(kind.rawValue)"
      }
      parts.append("\(count(result.passages.count, "passage")) (\(kinds.joined(separator: ", ")))")
    }
    for coverage in result.coverage.sorted(by: { ($0.share, $1.model) > ($1.share, $0.model) }) {
      parts.append("\(FindingMessage.percent(coverage.share)) of the text echoes \(coverage.model)")
    }
    parts.append("\(count(result.tokenCount, "word")) scanned")
    if result.truncated { parts.append("list cut at the strongest passages (--max-passages)") }
    return "\(path): " + parts.joined(separator: "; ")
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
