import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// The checks of `Protocol/EVIDENCE.md` ("Checking a report"), each on what the caller has read or scanned: the
/// report is unaltered, the transcript is the same file, the indexes are the same indexes, and the passages are
/// found again. `echolens verify` runs them all; they are here, beside the writer, so the two cannot drift apart.
///
/// Everything is compared exactly. A report names bytes and scores; "close enough" would let a changed file or
/// index pass, and another echolens version that scores differently should say so rather than agree.
public enum EvidenceVerifier {
  /// The report's digest matches its content, and the file holds nothing beyond what the digest covers.
  ///
  /// `EvidenceReport.verify()` alone hashes the report as decoded, so a field this schema does not know (a
  /// "verdict" added by hand) would be dropped before hashing and pass; the Python recipe of `EVIDENCE.md` hashes
  /// the file's own JSON and would not. Comparing the file's JSON tree with the decoded report's makes this check
  /// as strict as that recipe.
  public static func checkIntegrity(fileBytes: [UInt8], report: EvidenceReport) -> EvidenceCheck {
    guard report.schemaVersion == Evidence.schemaVersion else {
      return EvidenceCheck(
        "report", .failed,
        "schema version \(report.schemaVersion); this echolens reads version \(Evidence.schemaVersion)")
    }
    guard let recorded = report.reportDigest else {
      return EvidenceCheck("report", .failed, "no reportDigest: the report was never sealed")
    }
    let computed: String
    let rewritten: [UInt8]
    do {
      computed = try report.computeDigest()
      rewritten = try report.fileJSON()
    } catch {
      return EvidenceCheck("report", .failed, "cannot encode the report again: \(error)")
    }
    guard
      let asFound = try? JSONSerialization.jsonObject(with: Data(fileBytes), options: [.fragmentsAllowed]),
      let asRead = try? JSONSerialization.jsonObject(with: Data(rewritten), options: [.fragmentsAllowed])
    else {
      return EvidenceCheck("report", .failed, "the file is not valid JSON")
    }
    if let path = firstDifference(asFound, asRead, at: "") {
      return EvidenceCheck(
        "report", .failed,
        "the file holds \(path.isEmpty ? "a top level" : "`\(path)`") that evidence schema version "
          + "\(Evidence.schemaVersion) does not have, so the digest check would not cover it")
    }
    guard computed == recorded else {
      return EvidenceCheck(
        "report", .failed,
        "reportDigest is \(recorded), but the content hashes to \(computed): the report was changed after it was sealed")
    }
    return EvidenceCheck("report", .passed, "reportDigest \(recorded.prefix(12))… matches the content")
  }

  /// The transcript file is the one scanned: same SHA-256 and size, and every passage's bytes hash as recorded.
  public static func checkTranscript(_ bytes: [UInt8], path: String, report: EvidenceReport) -> EvidenceCheck {
    let digest = SHA256.hexDigest(bytes)
    guard digest == report.transcript.sha256, bytes.count == report.transcript.byteCount else {
      return EvidenceCheck(
        "transcript", .failed,
        "\(path) has SHA-256 \(digest.prefix(12))… and \(bytes.count) bytes; the report records "
          + "\(report.transcript.sha256.prefix(12))… and \(report.transcript.byteCount) bytes")
    }
    for passage in report.passages {
      // A report is untrusted input: its offsets are checked before they make a range.
      let (start, end) = (passage.range.utf8Start, passage.range.utf8End)
      guard start >= 0, start < end, end <= bytes.count,
        SHA256.hexDigest(Array(bytes[start..<end])) == passage.rangeSHA256
      else {
        return EvidenceCheck(
          "transcript", .failed, "passage \(passage.id): bytes \(start)..<\(end) do not hash to its rangeSHA256")
      }
      guard SHA256.hexDigest(Array(passage.text.utf8)) == passage.textSHA256 else {
        return EvidenceCheck("transcript", .failed, "passage \(passage.id): its text does not hash to its textSHA256")
      }
    }
    return EvidenceCheck(
      "transcript", .passed,
      "\(path): SHA-256 and size as recorded, and the bytes of its \(count(report.passages.count, "passage")) hash as recorded")
  }

  /// The indexes opened are the ones the report was made with (shard by shard, by identity), and so is the
  /// calibration (by SHA-256).
  public static func checkIndexes(
    references: ReferenceIndexSet, background: ReferenceIndexSet?, calibration: CalibrationFile?,
    report: EvidenceReport
  ) -> EvidenceCheck {
    func compare(_ name: String, _ opened: ReferenceIndexSet?, _ recorded: [IndexIdentityRecord]) -> String? {
      let found = opened.map { IndexIdentityRecord.records(for: $0).map(\.identity) } ?? []
      let expected = recorded.map(\.identity)
      guard found != expected else { return nil }
      return "the \(name) shards have identities [\(found.joined(separator: ", "))]; the report records "
        + "[\(expected.joined(separator: ", "))]"
    }
    if let problem = compare("reference", references, report.indexes) {
      return EvidenceCheck("indexes", .failed, problem)
    }
    if let problem = compare("background", background, report.backgroundIndexes) {
      return EvidenceCheck("indexes", .failed, problem)
    }
    switch (calibration, report.calibration) {
    case (nil, nil):
      break
    case (let file?, let recorded?) where file.sha256 == recorded.sha256:
      break
    case (let file?, let recorded?):
      return EvidenceCheck(
        "indexes", .failed,
        "calibration \(file.path) has SHA-256 \(file.sha256.prefix(12))…; the report records "
          + "\(recorded.sha256.prefix(12))…")
    case (nil, _?):
      return EvidenceCheck("indexes", .failed, "the report rests on a calibration, and none was opened")
    case (_?, nil):
      return EvidenceCheck("indexes", .failed, "a calibration was opened, but the report's E-values are uncalibrated")
    }
    var what =
      "\(count(report.indexes.count, "reference shard")) and \(count(report.backgroundIndexes.count, "background shard")) "
      + "with the recorded identities"
    if report.calibration != nil { what += "; the calibration's SHA-256 as recorded" }
    return EvidenceCheck("indexes", .passed, what)
  }

  /// A new scan of the transcript (`result`, of `bytes`) finds every recorded passage again, identical in every
  /// field the report holds: range, text, match, scores, alignment and message.
  public static func checkRescan(_ result: ScanResult, bytes: [UInt8], report: EvidenceReport) -> EvidenceCheck {
    let lines = LineTable(bytes: bytes)
    var found: [String: EvidencePassage] = [:]
    for passage in result.passages { found[passage.id] = EvidencePassage(passage, lines: lines) }
    for recorded in report.passages {
      guard let again = found[recorded.id] else {
        return EvidenceCheck(
          "rescan", .failed,
          "passage \(recorded.id) (bytes \(recorded.range.utf8Start)..<\(recorded.range.utf8End)) is not found again")
      }
      if again != recorded {
        return EvidenceCheck(
          "rescan", .failed, "passage \(recorded.id) is found again with another \(differingField(recorded, again))")
      }
    }
    let others = result.passages.count - report.passages.count
    var detail = "\(count(report.passages.count, "recorded passage")) found again, identical"
    if others > 0 { detail += " (the scan also finds \(count(others, "passage")) the report does not record)" }
    return EvidenceCheck("rescan", .passed, detail)
  }

  /// The first field, in reading order, in which two records of one passage differ.
  static func differingField(_ a: EvidencePassage, _ b: EvidencePassage) -> String {
    if a.range != b.range { return "range (\(b.range.utf8Start)..<\(b.range.utf8End))" }
    if a.kind != b.kind { return "kind (\(b.kind.rawValue))" }
    if a.text != b.text { return "text" }
    if a.best?.documentID != b.best?.documentID { return "best reference (\(b.best?.documentID ?? "none"))" }
    if a.best?.bits != b.best?.bits { return "score (\(b.best.map { String($0.bits) } ?? "none") bits)" }
    if a.best?.eValue != b.best?.eValue { return "E-value (\(b.best.map { String($0.eValue) } ?? "none"))" }
    if a.best != b.best { return "best match (alignment or excerpt)" }
    if a.alternatives != b.alternatives { return "list of alternatives" }
    if a.background != b.background { return "background match" }
    if a.contrast != b.contrast { return "contrast" }
    if a.strength != b.strength { return "strength (\(b.strength.rawValue))" }
    if a.message != b.message { return "message" }
    return "record"
  }

  /// The path of the first place where two JSON trees differ, or nil when they are equal.
  static func firstDifference(_ a: Any, _ b: Any, at path: String) -> String? {
    switch (a, b) {
    case (let x as [String: Any], let y as [String: Any]):
      for key in Set(x.keys).union(y.keys).sorted() {
        let here = path.isEmpty ? key : path + "." + key
        guard let u = x[key], let v = y[key] else { return here }
        if let d = firstDifference(u, v, at: here) { return d }
      }
      return nil
    case (let x as [Any], let y as [Any]):
      guard x.count == y.count else { return path }
      for (i, (u, v)) in zip(x, y).enumerated() {
        if let d = firstDifference(u, v, at: "\(path)[\(i)]") { return d }
      }
      return nil
    case (let x as String, let y as String):
      return x == y ? nil : path
    case (is NSNull, is NSNull):
      return nil
    case (let x as NSNumber, let y as NSNumber):
      return x == y ? nil : path
    default:
      return path
    }
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
