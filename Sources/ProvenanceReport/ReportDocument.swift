import Evidence
import Foundation
import Provenance

/// The report as one value: what `--format json` writes (`Protocol/report.schema.json`) and what the text and HTML
/// renderers read. `echolens report` and the language server's `echolens.writeReport` both build it here.
public struct ReportDocument: Codable, Sendable {
  public var schemaVersion: Int
  public var tool: EvidenceTool
  /// The scan parameters every answer was scanned with.
  public var scanParameters: EvidenceParameters
  public var indexes: [IndexIdentityRecord]
  public var backgroundIndexes: [IndexIdentityRecord]
  /// What the report rests on: each transcript scanned and each scan document read, with its SHA-256.
  public var suspectInputs: [ReportSource]
  public var panelInputs: [ReportSource]
  public var result: ProvenanceResult
  /// The strongest passages for the named teacher, strongest first; empty without a named teacher.
  public var examples: [ReportExample]

  /// Runs the analysis over `inputs`.
  ///
  /// - Parameters:
  ///   - candidates: the candidate teachers; nil takes every model a passage names.
  ///   - suspectName: how the verdict calls the suspect; nil takes the one model the suspect's records name.
  /// - Throws: `ReportInputError` when nothing was read.
  public init(
    inputs: ReportInputs, tool: EvidenceTool, parameters: ProvenanceParameters, candidates: [String]?,
    suspectName: String?
  ) throws {
    guard let scanParameters = inputs.parameters else { throw ReportInputError("report: no input was read") }
    let suspectModels = Set(inputs.suspect.map(\.model))
    let name = suspectName ?? (suspectModels.count == 1 ? suspectModels.first ?? "the suspect" : "the suspect")
    // A panel model that is the suspect itself is left out (leave-one-out when the panel is a fixed list).
    let result = ProvenanceAnalysis(parameters: parameters).run(
      suspect: inputs.suspect, panel: inputs.panel.filter { !suspectModels.contains($0.model) },
      candidates: candidates, suspectName: name)
    self.init(
      schemaVersion: 1, tool: tool, scanParameters: scanParameters, indexes: inputs.indexes ?? [],
      backgroundIndexes: inputs.backgroundIndexes ?? [], suspectInputs: inputs.suspectSources,
      panelInputs: inputs.panelSources, result: result,
      examples: ReportExample.strongest(
        inputs.suspectPassages, teacher: result.verdict.teacher, count: parameters.exampleCount))
  }

  public init(
    schemaVersion: Int, tool: EvidenceTool, scanParameters: EvidenceParameters, indexes: [IndexIdentityRecord],
    backgroundIndexes: [IndexIdentityRecord], suspectInputs: [ReportSource], panelInputs: [ReportSource],
    result: ProvenanceResult, examples: [ReportExample]
  ) {
    self.schemaVersion = schemaVersion
    self.tool = tool
    self.scanParameters = scanParameters
    self.indexes = indexes
    self.backgroundIndexes = backgroundIndexes
    self.suspectInputs = suspectInputs
    self.panelInputs = panelInputs
    self.result = result
    self.examples = examples
  }

  /// Sorted keys, no timestamp: the same inputs give the same bytes.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}

/// One of the strongest passages: where it is, and its evidence record (the evidence report's passage record,
/// with the reference excerpt and the alignment).
public struct ReportExample: Codable, Sendable {
  /// The transcript's path as given (or as recorded by the scan).
  public var path: String
  /// `path:line:column` of the passage's start (columns in Unicode scalars).
  public var location: String
  public var passage: EvidencePassage
  /// The sealed evidence report that holds this passage (with `--evidence`); nil when none was asked for or none
  /// could be written.
  public var evidence: ReportExampleEvidence?
  /// Why no evidence report could be written for this passage, in one line (with `--evidence`).
  public var evidenceProblem: String?

  /// The `count` suspect passages that weigh most for `teacher`: echoes whose best match is `teacher`, by bits.
  static func strongest(
    _ passages: [(path: String, passage: EvidencePassage)], teacher: String?, count: Int
  ) -> [ReportExample] {
    guard let teacher else { return [] }
    let chosen = passages.filter { $0.passage.kind == .echo && $0.passage.best?.model == teacher }.sorted {
      let a = $0.passage.best?.bits ?? 0
      let b = $1.passage.best?.bits ?? 0
      if a != b { return a > b }
      return ($0.path, $0.passage.range.utf8Start) < ($1.path, $1.passage.range.utf8Start)
    }
    return chosen.prefix(count).map {
      ReportExample(
        path: $0.path,
        location: "\($0.path):\($0.passage.range.start.line):\($0.passage.range.start.scalarColumn)",
        passage: $0.passage)
    }
  }
}
