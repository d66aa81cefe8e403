import Foundation
import Matching

/// Renders an `EvidenceReport` as Markdown that a person can read and check without tools.
///
/// The Markdown says the same as the JSON (the JSON is what is sealed by the digest); numbers are given in plain
/// words next to their values, and every piece of quoted text is escaped so a transcript cannot inject markup.
public enum EvidenceMarkdownRenderer {
  public static func render(_ report: EvidenceReport) -> String {
    var out: [String] = []
    out.append("# Evidence report: \(MarkdownText.escape(report.transcript.path, lineStart: false))")
    out.append("")
    out.append(
      "Made by \(report.tool.name) \(report.tool.version) on \(report.generatedAt). "
        + "\(count(report.passages.count, "passage")) found.")
    out.append("")
    out.append(calibration(report))
    out.append("")
    out += summary(report)
    out += transcript(report)
    for (number, passage) in report.passages.enumerated() { out += self.passage(passage, number: number + 1) }
    out += reproduce(report)
    out += indexes(report)
    out += verification(report)
    return out.joined(separator: "\n") + "\n"
  }

  /// What the E-values rest on, said before any of them.
  static func calibration(_ report: EvidenceReport) -> String {
    guard let c = report.calibration else {
      return "E-values are **uncalibrated**: they come from a word-frequency model that overstates the odds of "
        + "conventional text, so read them as a ranking, not as odds (`Protocol/CALIBRATION.md`)."
    }
    return "E-values are **calibrated** against \(c.nullAnswers) independent answers by "
      + "\(c.nullModels.map { MarkdownText.escape($0, lineStart: false) }.joined(separator: ", ")) (panel "
      + "\(MarkdownText.code(c.panelIdentity))), with the calibration \(MarkdownText.code(c.path)), SHA-256 "
      + "\(MarkdownText.code(c.sha256))." + selfCheck(c.selfCheck)
  }

  /// The calibration's check on its own panel, in words: how many passages held-out models showed at each threshold
  /// against how many the other half's fit expected.
  static func selfCheck(_ check: CalibrationSelfCheck?) -> String {
    guard let check else { return " The calibration file holds no self-check of its fit." }
    return " Its fit was checked on the panel itself, fitted to the answers of half its models and counted on the "
      + "other half's, both ways round: " + check.lines(lessOrEqual: "≤", times: "×").joined(separator: "; ")
      + " (observed where expected; a factor of 2 either way "
      + "is the target where at least \(Int(CalibrationSelfCheck.minimumExpected)) are expected; "
      + "`Protocol/CALIBRATION.md`, Self-check)."
  }

  static func summary(_ report: EvidenceReport) -> [String] {
    var out = ["## Summary", ""]
    guard !report.passages.isEmpty else { return out + ["No passage was found with these parameters.", ""] }
    out.append("| # | Kind | Strength | Where | Reference | Similarity | Words | Chance |")
    out.append("|---|---|---|---|---|---|---|---|")
    for (i, p) in report.passages.enumerated() {
      let reference = p.best.map { "\(cell($0.model)) answer \(MarkdownText.code($0.documentID))" } ?? "—"
      let similarity = p.best.map { FindingMessage.percent($0.similarity) } ?? "—"
      let words = p.best.map { String($0.tokenCount) } ?? "—"
      let chance = p.best.map { cell($0.chance) } ?? "—"
      out.append(
        "| \(i + 1) | \(p.kind.rawValue) | \(p.strength.rawValue) | \(location(p.range)) | \(reference) "
          + "| \(similarity) | \(words) | \(chance) |")
    }
    return out + [""]
  }

  static func transcript(_ report: EvidenceReport) -> [String] {
    let t = report.transcript
    return [
      "## Transcript", "",
      "- Path: \(MarkdownText.code(t.path)) (absolute: \(MarkdownText.code(t.absolutePath)))",
      "- Format: \(t.format.rawValue), \(count(t.byteCount, "byte"))",
      "- SHA-256: \(MarkdownText.code(t.sha256))", "",
    ]
  }

  static func passage(_ p: EvidencePassage, number: Int) -> [String] {
    var out = ["## Passage \(number): \(p.kind.rawValue), \(p.strength.rawValue) evidence", ""]
    out.append("**\(MarkdownText.escape(p.message, lineStart: false))**")
    out.append("")
    out.append(
      "- Where: \(location(p.range)) (bytes \(p.range.utf8Start)–\(p.range.utf8End); columns count UTF-8 bytes)")
    out.append("- Role: \(p.role.rawValue); id \(MarkdownText.code(p.id))")
    out.append("- SHA-256 of the text: \(MarkdownText.code(p.textSHA256))")
    out.append("- SHA-256 of the file's bytes in the range: \(MarkdownText.code(p.rangeSHA256))")
    out.append("")
    out.append("Transcript:")
    out.append("")
    out.append(MarkdownText.quote(MarkdownText.escape(p.text)))
    out.append("")
    if let identity = p.identity {
      let claimed = identity.claimedModel.map { inline($0) + " by " } ?? "made by "
      out.append("Claims: \(claimed)\(inline(identity.maker)) (rule: \(inline(identity.rule))).")
      out.append("")
    }
    if let best = p.best { out += match(best, title: "Best reference") }
    if let background = p.background { out += match(background, title: "Background (unrelated writing)") }
    if !p.alternatives.isEmpty {
      out.append("Other references that match almost as well:")
      out.append("")
      for alt in p.alternatives {
        out.append(
          "- \(cell(alt.model)) answer \(MarkdownText.code(alt.documentID)): similarity "
            + "\(FindingMessage.percent(alt.similarity)) of \(alt.tokenCount) words, \(inline(alt.chance))"
        )
      }
      out.append("")
    }
    return out
  }

  static func match(_ m: EvidenceMatch, title: String) -> [String] {
    var out = [
      "\(title): \(MarkdownText.escape(m.model, lineStart: false)) answer \(MarkdownText.code(m.documentID)) from "
        + "\(MarkdownText.code(m.source)), bytes \(m.referenceRange.utf8Start)–\(m.referenceRange.utf8End) "
        + "of the stored text (index \(MarkdownText.code(m.indexIdentity))).", "",
    ]
    if let prompt = m.prompt {
      out += ["Prompt it answered:", "", MarkdownText.quote(MarkdownText.escape(prompt)), ""]
    }
    out += [
      "Reference text, with the differences marked (~~struck~~: only in the reference; **bold**: only in the "
        + "transcript):", "", MarkdownText.quote(markedReference(m)), "",
    ]
    out.append(
      "Scores: similarity \(FindingMessage.percent(m.similarity)) (share of aligned words that are the same), "
        + "longest verbatim run \(count(m.longestVerbatimRun, "word")), \(count(m.tokenCount, "word")) aligned, "
        + "\(bits(m.bits)) bits of surprise, E-value \(FindingMessage.scientific(m.eValue)): "
        + "\(MarkdownText.escape(m.chance, lineStart: false)).")
    out.append("")
    return out
  }

  static func reproduce(_ report: EvidenceReport) -> [String] {
    var out = [
      "## Reproduce", "",
      "Run this in \(MarkdownText.code(report.reproduce.workingDirectory)) with the same index files:", "",
      "```sh", report.reproduce.command, "```", "",
    ]
    for caveat in report.reproduce.caveats { out.append("- Note: \(MarkdownText.escape(caveat, lineStart: false))") }
    if !report.reproduce.caveats.isEmpty { out.append("") }
    return out
  }

  static func indexes(_ report: EvidenceReport) -> [String] {
    var out = ["## Index", ""]
    out.append("| Role | Shard | Identity | Format | Normaliser | Documents | Tokens | Built |")
    out.append("|---|---|---|---|---|---|---|---|")
    let rows = report.indexes.map { ("reference", $0) } + report.backgroundIndexes.map { ("background", $0) }
    for (role, r) in rows {
      let built =
        r.buildMetadata.map { meta in
          "\(cell(meta.tool)) \(cell(meta.toolVersion)) from \(count(meta.inputs.count, "input"))"
        } ?? "unknown"
      out.append(
        "| \(role) | \(MarkdownText.code(r.path)) (\(r.shardIndex)/\(r.shardCount)) | \(MarkdownText.code(r.identity)) "
          + "| \(r.formatVersion) | \(r.normalizerVersion) | \(r.documentCount) | \(r.tokenCount) | \(built) |")
    }
    out.append("")
    for (_, r) in rows {
      for input in r.buildMetadata?.inputs ?? [] {
        out.append(
          "- \(MarkdownText.code(r.identity)) input \(MarkdownText.code(input.path)): "
            + "\(count(input.byteCount, "byte")), SHA-256 \(MarkdownText.code(input.sha256))")
      }
    }
    if rows.contains(where: { !($0.1.buildMetadata?.inputs.isEmpty ?? true) }) { out.append("") }
    return out
  }

  static func verification(_ report: EvidenceReport) -> [String] {
    [
      "## Checking this report", "",
      "- Report digest (SHA-256 of the JSON report's canonical form without `reportDigest`): "
        + MarkdownText.code(report.reportDigest ?? "missing"),
      "- Transcript: `sha256sum` of the file must print \(MarkdownText.code(report.transcript.sha256)).",
      "- How to recompute the digest: see `Protocol/EVIDENCE.md` in the echolens sources.", "",
    ]
  }

  // MARK: Words

  static func location(_ r: EvidenceRange) -> String {
    "line \(r.start.line) col \(r.start.utf8Column) – line \(r.end.line) col \(r.end.utf8Column)"
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  static func bits(_ b: Double) -> String { String((b * 10).rounded() / 10) }

  /// Text placed after other text on a line, escaped.
  static func inline(_ text: String) -> String { MarkdownText.escape(text, lineStart: false) }

  /// Text for a table cell: escaped, and on one line.
  static func cell(_ text: String) -> String {
    MarkdownText.escape(FindingMessage.excerpt(text, limit: 200), lineStart: false)
  }
}
