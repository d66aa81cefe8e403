import Evidence
import Foundation
import Matching
import TextProcessing

/// `scan --format sarif`: SARIF 2.1.0, so code-scanning services (GitHub, Azure DevOps, VS Code's SARIF viewer)
/// show the findings next to the transcript.
///
/// One rule per finding kind; each passage is a result with its region given both as lines/columns (Unicode code
/// points, `columnKind`) and as bytes; the references are related locations (logical, since they live in the index,
/// not in a file). Unreadable files are tool execution notifications.
public struct ScanOutputSARIF: ScanOutputRenderer {
  public init() {}

  /// The fingerprint key; bump the version if the fingerprint's recipe changes.
  static let fingerprintKey = "echolensPassage/v1"

  public func render(_ files: [ScanOutputFile], run: ScanOutputRun) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
    return String(decoding: try encoder.encode(log(files, run: run)), as: UTF8.self) + "\n"
  }

  func log(_ files: [ScanOutputFile], run: ScanOutputRun) -> SARIF.Log {
    var artifacts: [SARIF.Artifact] = []
    var results: [SARIF.Result] = []
    var notifications: [SARIF.Notification] = []
    for file in files {
      let uri = Self.uri(file.path)
      if let failure = file.failure {
        notifications.append(
          SARIF.Notification(
            level: "error", message: SARIF.Message(text: "\(file.path): \(failure)"),
            locations: [
              SARIF.Location(physicalLocation: SARIF.PhysicalLocation(artifactLocation: .init(uri: uri)))
            ]))
        continue
      }
      guard let result = file.result else { continue }
      let artifactIndex = artifacts.count
      artifacts.append(
        SARIF.Artifact(
          location: SARIF.ArtifactLocation(uri: uri), length: file.bytes?.count,
          hashes: file.bytes.map { ["sha-256": SHA256.hexDigest($0)] }))
      let lines = LineTable(bytes: file.bytes ?? [])
      for passage in result.passages {
        results.append(self.result(passage, uri: uri, artifactIndex: artifactIndex, lines: lines))
      }
    }
    let driver = SARIF.Driver(
      name: run.tool.name, version: run.tool.version, rules: Self.rules)
    return SARIF.Log(runs: [
      SARIF.Run(
        tool: SARIF.Tool(driver: driver),
        invocations: [
          SARIF.Invocation(executionSuccessful: notifications.isEmpty, toolExecutionNotifications: notifications)
        ],
        artifacts: artifacts, results: results,
        properties: SARIF.RunProperties(
          parameters: EvidenceParameters(run.parameters, identityFiles: run.identityFiles), indexes: run.indexes,
          backgroundIndexes: run.backgroundIndexes, calibration: run.calibration))
    ])
  }

  func result(_ passage: Passage, uri: String, artifactIndex: Int, lines: LineTable) -> SARIF.Result {
    let start = lines.position(utf8Offset: passage.range.utf8Start)
    let end = lines.position(utf8Offset: passage.range.utf8End)
    let snippetBytes = lines.bytes[ScanOutputByteRange.clamp(passage.range, lines.bytes.count)]
    let region = SARIF.Region(
      startLine: start.line, startColumn: start.scalarColumn, endLine: end.line, endColumn: end.scalarColumn,
      byteOffset: passage.range.utf8Start, byteLength: passage.range.count,
      snippet: snippetBytes.isEmpty ? nil : SARIF.Message(text: String(decoding: snippetBytes, as: UTF8.self)))
    var related: [SARIF.Location] = []
    let matches =
      (passage.best.map { [("best reference", $0)] } ?? []) + passage.alternatives.map { ("alternative", $0) }
      + (passage.background.map { [("background", $0)] } ?? [])
    for (role, match) in matches {
      related.append(
        SARIF.Location(
          id: related.count + 1, physicalLocation: nil,
          logicalLocations: [
            SARIF.LogicalLocation(name: match.documentID, fullyQualifiedName: "\(match.model)/\(match.documentID)")
          ],
          message: SARIF.Message(
            text: "\(role): \(match.model) answer \(match.documentID) from \(match.source), similarity "
              + "\(FindingMessage.percent(match.similarity)): "
              + "“\(FindingMessage.excerpt(match.referenceExcerpt, limit: 200))”"),
          properties: SARIF.ReferenceProperties(
            role: role, model: match.model, source: match.source, indexIdentity: match.indexIdentity,
            referenceUtf8Start: match.referenceRange.utf8Start, referenceUtf8End: match.referenceRange.utf8End,
            similarity: match.similarity, eValue: match.eValue)))
    }
    let best = passage.best
    return SARIF.Result(
      ruleId: passage.kind.rawValue, ruleIndex: Self.ruleIndex(passage.kind),
      level: ScanOutputSeverity(passage).rawValue, message: SARIF.Message(text: FindingMessage.text(for: passage)),
      locations: [
        SARIF.Location(
          physicalLocation: SARIF.PhysicalLocation(
            artifactLocation: SARIF.ArtifactLocation(uri: uri, index: artifactIndex), region: region))
      ],
      relatedLocations: related.isEmpty ? nil : related,
      partialFingerprints: [Self.fingerprintKey: Self.fingerprint(passage)],
      properties: SARIF.ResultProperties(
        passageId: passage.id, strength: passage.strength.rawValue, role: passage.role.rawValue,
        similarity: best?.similarity, eValue: best?.eValue, bits: best?.bits, tokenCount: best?.tokenCount,
        longestVerbatimRun: best?.longestVerbatimRun,
        chance: best.map { SignificanceWording.strength(eValue: $0.eValue, basis: $0.significance) },
        calibrated: best?.significance.calibrated, panelAnsweredPrompt: best?.significance.panelAnsweredPrompt,
        checkedPrompt: best?.significance.checkedPrompt?.rawValue,
        referenceModel: best?.model, referenceId: best?.documentID, claimedModel: passage.identity?.claimedModel,
        maker: passage.identity?.maker))
  }

  /// Stable across edits elsewhere in the file: the kind, the best reference and the passage's words (case and
  /// spacing folded), not its position.
  static func fingerprint(_ passage: Passage) -> String {
    let words = passage.text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    let key = [passage.kind.rawValue, passage.best?.documentID ?? passage.identity?.maker ?? "", words]
      .joined(separator: "\u{0}")
    return String(SHA256.hexDigest(Array(key.utf8)).prefix(32))
  }

  /// A relative path as a relative URI reference; an absolute one as a `file://` URI; both percent-encoded.
  static func uri(_ path: String) -> String {
    let allowed = CharacterSet(
      charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@")
    let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    return path.hasPrefix("/") ? "file://" + encoded : encoded
  }

  static func ruleIndex(_ kind: FindingKind) -> Int {
    switch kind {
    case .echo: return 0
    case .selfIdentification: return 1
    case .commonText: return 2
    }
  }

  static let rules: [SARIF.Rule] = [
    SARIF.Rule(
      id: FindingKind.echo.rawValue, name: "Echo",
      shortDescription: .init(text: "Passage echoes a reference model's known output"),
      fullDescription: .init(
        text: "A contiguous passage closely matches an output of a reference model, more closely than chance and "
          + "than unrelated writing would explain."),
      help: .init(text: "Export the evidence report in the editor, or rerun with --format json, to see the alignment."),
      defaultConfiguration: .init(level: "warning")),
    SARIF.Rule(
      id: FindingKind.selfIdentification.rawValue, name: "SelfIdentification",
      shortDescription: .init(text: "Text claims to be another model or made by another maker"),
      fullDescription: .init(
        text: "The transcript's model says it is, or was made by, another model or maker (rules from the identity "
          + "list; --own-identity exempts the model's own names)."),
      help: .init(
        text: "Check whether the claimed identity is the transcript model's own; if so, pass --own-identity."),
      defaultConfiguration: .init(level: "warning")),
    SARIF.Rule(
      id: FindingKind.commonText.rawValue, name: "CommonText",
      shortDescription: .init(text: "Passage matches the reference but is common in unrelated writing"),
      fullDescription: .init(
        text: "The background index (answers by unrelated models and people) matches the passage about as well as "
          + "the reference, so the match is not evidence of copying."),
      help: .init(text: "No action needed; reported only when --kinds includes common-text."),
      defaultConfiguration: .init(level: "note")),
  ]
}
