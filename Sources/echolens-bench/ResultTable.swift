/// A printed table of measured figures, each beside its target and a verdict.
///
/// The benchmark's output is read by people and pasted into issue notes, so every section ends in one table with
/// the same columns: what was measured, the figure, the target from the issue, and whether it met it.
struct ResultTable {
  enum Verdict: String {
    case pass = "ok"
    case fail = "MISS"
    case info = ""
  }

  struct Row {
    var name: String
    var value: String
    var target: String
    var verdict: Verdict
  }

  static let maxValueWidth = 40

  var title: String
  var rows: [Row] = []

  init(_ title: String) { self.title = title }

  /// A figure without a target.
  mutating func info(_ name: String, _ value: String) {
    rows.append(Row(name: name, value: value, target: "", verdict: .info))
  }

  /// A figure that must be at most `limit`.
  mutating func atMost(_ name: String, _ value: Double, _ limit: Double, unit: String, digits: Int = 2) {
    rows.append(
      Row(
        name: name, value: Format.fixed(value, digits) + unit, target: "<= " + Format.fixed(limit, digits) + unit,
        verdict: value <= limit ? .pass : .fail))
  }

  /// A figure that must be at least `limit`.
  mutating func atLeast(_ name: String, _ value: Double, _ limit: Double, unit: String, digits: Int = 2) {
    rows.append(
      Row(
        name: name, value: Format.fixed(value, digits) + unit, target: ">= " + Format.fixed(limit, digits) + unit,
        verdict: value >= limit ? .pass : .fail))
  }

  func render() -> String {
    let header = Row(name: "figure", value: "measured", target: "target", verdict: .info)
    // A long value (a list of section sizes, say) would stretch every column; it gets a line of its own instead.
    let all = [header] + rows.filter { $0.value.count <= Self.maxValueWidth }
    let w0 = all.map(\.name.count).max() ?? 0
    let w1 = all.map(\.value.count).max() ?? 0
    let w2 = all.map(\.target.count).max() ?? 0
    var out = "\n== \(title) ==\n"
    for (i, r) in all.enumerated() {
      let verdict = i == 0 ? "" : r.verdict.rawValue
      out +=
        "  " + Format.pad(r.name, w0) + "  " + Format.pad(r.value, w1, right: true) + "  "
        + Format.pad(r.target, w2) + "  " + verdict
      out = String(out.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
      if i == 0 { out += "  " + String(repeating: "-", count: w0 + w1 + w2 + 10) + "\n" }
    }
    for r in rows where r.value.count > Self.maxValueWidth { out += "  \(r.name): \(r.value)\n" }
    return out
  }
}

/// Number and text formatting for the tables.
enum Format {
  static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
    return String(format: "%.\(digits)f", value)
  }

  static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return right ? fill + s : s + fill
  }

  static func megabytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }

  static func percent(_ part: Int, _ whole: Int) -> String {
    whole == 0 ? "n/a" : fixed(100 * Double(part) / Double(whole), 1) + "%"
  }

  /// One line of `text`, at most `limit` characters, with line breaks shown as `⏎`.
  static func excerpt(_ text: String, limit: Int = 160) -> String {
    let flat = text.replacingOccurrences(of: "\n", with: "⏎")
    return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
  }
}
