import Evidence
import Foundation
import Matching
import Provenance
import TextProcessing

/// The answers a report counts, gathered from scanned transcripts of the suspect and of the panel.
///
/// Every transcript, scanned just now or read from a `scan --format json` document, is counted by the one function
/// `add(_:group:)`. That is why a report over merged partition outputs equals the report over one run: both count
/// the same records. All inputs must come from scans with the same parameters and the same index (by identity);
/// `agree` refuses a mismatch, naming the input.
public struct ReportInputs: Sendable {
  public enum Group: Sendable {
    case suspect
    case panel
  }

  public var suspect: [AnswerObservation] = []
  public var panel: [AnswerObservation] = []
  /// The suspect's passages with their file, for the strongest examples.
  public var suspectPassages: [(path: String, passage: EvidencePassage)] = []
  /// Each suspect transcript's SHA-256 and how it was scanned, by path, for the examples' evidence reports.
  public var suspectScans: [String: (sha256: String, scan: ReportScanRecord)] = [:]
  /// The scan parameters and indexes every input was made with (the first input decides).
  public var parameters: EvidenceParameters?
  public var indexes: [IndexIdentityRecord]?
  public var backgroundIndexes: [IndexIdentityRecord]?
  /// What the report rests on, per group.
  public var suspectSources: [ReportSource] = []
  public var panelSources: [ReportSource] = []

  public init() {}

  /// Checks that an input was scanned like the others (the first one sets the standard).
  ///
  /// - Throws: `ReportInputError` naming `source` and what differs.
  public mutating func agree(
    parameters: EvidenceParameters, indexes: [IndexIdentityRecord], background: [IndexIdentityRecord], source: String
  ) throws {
    let identities = indexes.map(\.identity).sorted()
    let backgroundIdentities = background.map(\.identity).sorted()
    guard let known = self.parameters, let knownIndexes = self.indexes, let knownBackground = self.backgroundIndexes
    else {
      self.parameters = parameters
      self.indexes = indexes
      self.backgroundIndexes = background
      return
    }
    guard known == parameters else {
      throw ReportInputError(
        "\(source): scanned with other parameters than the other inputs; scan every part with the same flags")
    }
    let knownIdentities = knownIndexes.map(\.identity).sorted()
    guard knownIdentities == identities, knownBackground.map(\.identity).sorted() == backgroundIdentities else {
      throw ReportInputError(
        "\(source): scanned against another index (identities \(identities.joined(separator: ","))) than the "
          + "other inputs (\(knownIdentities.joined(separator: ",")))")
    }
  }

  /// Counts the answers of `file` for `group`.
  ///
  /// - Parameter scan: how the file was scanned; a suspect file without it gets no evidence report.
  public mutating func add(_ file: ScannedTranscript, group: Group, scan: ReportScanRecord? = nil) {
    let observed = file.passages.map {
      ObservedPassage(
        utf8Start: $0.range.utf8Start, utf8End: $0.range.utf8End, kind: $0.kind, model: $0.best?.model,
        identity: $0.identity)
    }
    let observations = AnswerObservation.observations(
      path: file.path, answers: file.answerList, passages: observed,
      fallbackModel: AnswerObservation.fileModel(file.path))
    switch group {
    case .suspect:
      suspect += observations
      suspectPassages += file.passages.map { (file.path, $0) }
      if let scan { suspectScans[file.path] = (file.sha256, scan) }
    case .panel:
      panel += observations
    }
  }

  /// Records an input (a transcript or a scan document) of `group`.
  public mutating func addSource(_ source: ReportSource, group: Group) {
    switch group {
    case .suspect: suspectSources.append(source)
    case .panel: panelSources.append(source)
    }
  }
}

/// Why the inputs cannot make one report; one line naming the input.
public struct ReportInputError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// One input of the report: a transcript it scanned, or a scan document it read.
public struct ReportSource: Codable, Sendable, Hashable {
  public var path: String
  /// `transcript` or `scan`.
  public var kind: String
  public var sha256: String

  public init(path: String, kind: String, sha256: String) {
    self.path = path
    self.kind = kind
    self.sha256 = sha256
  }
}
