import Dispatch
import Evidence
import Foundation
import JSONRPC
import Matching
import Provenance
import ProvenanceReport
import TextProcessing

extension Server {
  /// The argument of `echolens.writeReport`, every field optional.
  struct ReportArgument: Codable {
    /// Answers of independent models to the same prompts; default `.echolens/panel` in the workspace.
    var panel: [String]?
    /// The suspect's transcripts; default the whole workspace (hidden folders such as `.echolens` skipped).
    var transcripts: [String]?
    /// `html` (default), `json` or `text`.
    var format: String?
    /// Where to write; default `.echolens/reports/report.<format>` in the workspace.
    var output: String?
  }

  /// `echolens.writeReport`: the corpus-level verdict (`echolens report`) for the workspace's transcripts.
  ///
  /// Runs on a background queue: it scans every transcript of the workspace and of the panel with the report's
  /// parameters over the server's index, writes a sealed evidence report per transcript holding one of the strongest
  /// examples into the `evidenceFolder`, then the report (temporary file, then rename), and replies with their paths
  /// and the verdict; the verdict is also shown as a message.
  func writeReport(_ arguments: [JSONValue]?, _ reply: TypedReply<JSONValue>) {
    let argument: ReportArgument
    do {
      argument = try arguments?.first?.decode(ReportArgument.self) ?? ReportArgument()
    } catch {
      return reply.fail(error)
    }
    let formatName = argument.format ?? "html"
    guard let format = ReportFormat(rawValue: formatName) else {
      return reply.fail(
        ResponseError.invalidParams("arguments[0].format: expected html, json or text, not \(formatName)"))
    }
    guard let workspaceRoot else {
      return reply.fail(
        ResponseError(code: .requestFailed, message: "no workspace folder is open, so there is no corpus to report on"))
    }
    guard let holder = engine else { return reply.fail(ResponseError(code: .internalError, message: "no engine")) }
    let root = WorkspacePath.standardized(workspaceRoot)
    func resolve(_ path: String) -> String { WorkspacePath.absolute(path, relativeTo: root) }
    let panel = (argument.panel ?? [".echolens/panel"]).map(resolve)
    let transcripts = (argument.transcripts ?? ["."]).map(resolve)
    let output = resolve(argument.output ?? ".echolens/reports/report.\(format.rawValue)")
    let version = options.version
    let ownIdentities = settings.parameters.ownIdentities
    let evidenceFolder = resolvePath(settings.evidenceFolder)
    DispatchQueue.global(qos: .userInitiated).async {
      let result = Result { () throws -> (ReportDocument, [EvidenceWriter.Output]) in
        var configuration = holder.configuration.scanner
        guard !configuration.indexPaths.isEmpty else {
          throw ResponseError(code: .requestFailed, message: "no reference index is open")
        }
        configuration.parameters = ReportScanParameters.defaults
        configuration.parameters.ownIdentities = ownIdentities
        let scanner = try configuration.open()
        var inputs = ReportInputs()
        let scanRecord = ReportScanRecord(
          parameters: EvidenceParameters(configuration.parameters, identityFiles: configuration.identityFiles),
          indexes: IndexIdentityRecord.records(for: scanner.references),
          backgroundIndexes: scanner.background.map(IndexIdentityRecord.records(for:)) ?? [],
          calibration: scanner.calibration.map(CalibrationRecord.init), indexArguments: configuration.indexPaths,
          backgroundArguments: configuration.backgroundIndexPaths)
        try inputs.agree(
          parameters: scanRecord.parameters, indexes: scanRecord.indexes, background: scanRecord.backgroundIndexes,
          source: "the workspace")
        for (paths, group) in [(transcripts, ReportInputs.Group.suspect), (panel, .panel)] {
          for entry in TranscriptWalk.entries(for: paths) {
            let path = entry.path
            if let problem = entry.problem {
              throw ResponseError(code: .requestFailed, message: "\(path): \(problem)")
            }
            let bytes: [UInt8]
            do {
              bytes = try RegularFile.read(path)
            } catch let error as FileReadError {
              throw ResponseError(code: .requestFailed, message: "\(path): cannot read: \(error.reason)")
            }
            if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
              throw ResponseError(code: .requestFailed, message: "\(path): invalid UTF-8 at byte \(offset)")
            }
            let transcript: Transcript
            do {
              transcript = try Transcript.parse(bytes, format: TranscriptFormat.inferred(fromPath: path))
            } catch {
              throw ResponseError(code: .requestFailed, message: "\(path): \(error)")
            }
            let shown = WorkspacePath.relative(path, to: root) ?? path
            let scanned = ScannedTranscript(
              path: shown, bytes: bytes, result: try scanner.scan(transcript, isCancelled: { false }),
              answers: TranscriptAnswer.answers(of: transcript))
            inputs.add(scanned, group: group, scan: scanRecord)
            inputs.addSource(ReportSource(path: shown, kind: "transcript", sha256: scanned.sha256), group: group)
          }
        }
        let tool = EvidenceTool(version: version)
        var document = try ReportDocument(
          inputs: inputs, tool: tool, parameters: ProvenanceParameters(), candidates: nil, suspectName: nil)
        // Evidence first, then the report: the report never names an evidence file that is not written.
        let evidence: [EvidenceWriter.Output]
        do {
          evidence = try ReportEvidenceExport(
            writer: EvidenceWriter(workspaceRoot: root, folder: evidenceFolder), workspaceRoot: root, tool: tool
          ).write(into: &document, inputs: inputs)
        } catch let error as EvidenceWriterError {
          throw ResponseError(code: .requestFailed, message: error.description)
        }
        try FileManager.default.createDirectory(
          atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ReportOutputFile.write(try format.render(document), to: output)
        return (document, evidence)
      }
      self.connection.queue.async {
        switch result {
        case .failure(let error as ReportInputError):
          reply.fail(ResponseError(code: .requestFailed, message: error.description))
        case .failure(let error):
          reply.fail(error)
        case .success(let (document, evidence)):
          var answer: [String: JSONValue] = [
            "path": .string(output), "outcome": .string(document.result.verdict.outcome.rawValue),
            "verdict": .string(document.result.verdict.sentence),
            "evidence": .array(evidence.map { .string($0.jsonPath) }),
          ]
          if let teacher = document.result.verdict.teacher { answer["teacher"] = .string(teacher) }
          reply.succeed(.object(answer))
          self.showMessage("echolens: \(document.result.verdict.sentence) Report: \(output)", type: 3)
        }
      }
    }
  }
}
