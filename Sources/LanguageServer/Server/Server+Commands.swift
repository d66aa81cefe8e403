import Dispatch
import Evidence
import Foundation
import JSONRPC
import Matching

extension Server {
  func executeCommand(_ params: ExecuteCommandRequest, _ reply: TypedReply<JSONValue>) {
    switch params.command {
    case ServerCommand.exportEvidence:
      export(params.arguments, all: false, reply)
    case ServerCommand.exportAllEvidence:
      export(params.arguments, all: true, reply)
    case ServerCommand.indexInfo:
      indexInfo(reply)
    case ServerCommand.compare:
      compare(params.arguments, reply)
    case ServerCommand.writeReport:
      writeReport(params.arguments, reply)
    default:
      reply.fail(
        ResponseError.invalidParams(
          "unknown command \(params.command); known: \(Self.commands.joined(separator: ", "))"))
    }
  }

  /// The argument of the export commands: `{uri, passageId}`, `{uri, position}` or (export all) `{uri}`.
  struct ExportArgument: Codable {
    var uri: String
    var passageId: String?
    var position: Position?
  }

  private func export(_ arguments: [JSONValue]?, all: Bool, _ reply: TypedReply<JSONValue>) {
    let argument: ExportArgument
    do {
      guard let first = arguments?.first else {
        throw ResponseError.invalidParams("missing argument: expected [{\"uri\": …\(all ? "" : ", \"passageId\": …")}]")
      }
      argument = try first.decode(ExportArgument.self)
      if !all && argument.passageId == nil && argument.position == nil {
        throw ResponseError.invalidParams("arguments[0]: expected a passageId or a position")
      }
    } catch {
      reply.fail(error)
      return
    }
    guard let workspaceRoot else {
      reply.fail(
        ResponseError(
          code: .requestFailed, message: "no workspace folder is open, so there is nowhere to write evidence"))
      return
    }
    let encoding = client.encoding
    let settings = self.settings
    let evidenceFolder = resolvePath(settings.evidenceFolder)
    let version = options.version
    guard let holder = engine else { return reply.fail(ResponseError(code: .internalError, message: "no engine")) }
    whenCurrent(argument.uri) { document, findings in
      guard let document, let findings else {
        reply.fail(ResponseError.invalidParams("\(argument.uri) is not open"))
        return
      }
      var passages = findings.passages
      if !all {
        if let id = argument.passageId {
          passages = passages.filter { $0.id == id }
        } else if let position = argument.position {
          let offset = document.utf8Offset(of: position, encoding: encoding)
          passages = passages.filter { $0.range.utf8Start <= offset && offset <= $0.range.utf8End }.prefix(1).map { $0 }
        }
      }
      guard !passages.isEmpty else {
        let what = all ? "no passages were found" : "no such passage (the document changed; run the code action again)"
        reply.fail(ResponseError(code: .requestFailed, message: "nothing to export from \(argument.uri): \(what)"))
        return
      }
      let text = document.text
      let format = document.format
      let transcriptPath = DocumentURI.path(of: document.uri) ?? document.uri
      let selected = passages
      DispatchQueue.global(qos: .userInitiated).async {
        let result = Result { () throws -> EvidenceWriter.Output in
          guard case .success(let engine) = holder.engine(), let references = engine.references else {
            throw ResponseError(code: .requestFailed, message: "no reference index is open")
          }
          let context = EvidenceContext(
            tool: EvidenceTool(version: version), workspaceRoot: workspaceRoot, parameters: settings.parameters,
            identityFiles: holder.configuration.scanner.identityFiles,
            indexes: IndexIdentityRecord.records(for: references),
            backgroundIndexes: engine.background.map(IndexIdentityRecord.records(for:)) ?? [],
            indexArguments: holder.configuration.scanner.indexPaths,
            backgroundArguments: holder.configuration.scanner.backgroundIndexPaths,
            calibration: engine.calibration.map(CalibrationRecord.init))
          var quoted: [Passage] = []
          for passage in selected {
            guard let withExcerpts = passage.withExcerpts(from: engine.library) else { throw Server.referenceGone }
            quoted.append(withExcerpts)
          }
          let report = try EvidenceReport(
            context: context, transcriptPath: transcriptPath, transcriptBytes: text, format: format, passages: quoted)
          do {
            return try EvidenceWriter(workspaceRoot: workspaceRoot, folder: evidenceFolder).write(report)
          } catch let error as EvidenceWriterError {
            throw ResponseError(code: .requestFailed, message: error.description)
          }
        }
        self.connection.queue.async {
          switch result {
          case .failure(let error):
            reply.fail(error)
          case .success(let output):
            reply.succeed(
              .object([
                "path": .string(output.jsonPath), "markdownPath": .string(output.markdownPath),
                "passages": .integer(selected.count),
              ]))
            self.announce(output, passages: selected.count)
          }
        }
      }
    }
  }

  /// Shows the written report: opens its Markdown file when the client can, else says where it is.
  private func announce(_ output: EvidenceWriter.Output, passages: Int) {
    let summary = "echolens: evidence for \(passages) passage\(passages == 1 ? "" : "s") written to \(output.jsonPath)"
    guard client.showDocument else {
      showMessage(summary, type: 3)
      return
    }
    let request = ShowDocumentRequest(uri: DocumentURI.uri(ofPath: output.markdownPath), external: nil, takeFocus: true)
    connection.send(request) { result in
      if case .success(let answer) = result, answer.success { return }
      self.showMessage(summary, type: 3)
    }
  }

  private func indexInfo(_ reply: TypedReply<JSONValue>) {
    guard let holder = engine else { return reply.fail(ResponseError(code: .internalError, message: "no engine")) }
    DispatchQueue.global(qos: .userInitiated).async {
      let configuration = holder.configuration
      var info: [String: JSONValue] = [
        "source": .string(configuration.indexSource),
        "paths": .array(configuration.scanner.indexPaths.map(JSONValue.string)),
      ]
      switch holder.engine() {
      case .failure(let problem):
        info["error"] = .string(problem.description)
      case .success(let engine):
        if let references = engine.references {
          info["identity"] = .string(references.identity)
          info["documentCount"] = .integer(references.documentCount)
          info["tokenCount"] = .integer(references.tokenCount)
          info["shards"] = (try? JSONValue(encoding: IndexIdentityRecord.records(for: references))) ?? .array([])
        }
        if let background = engine.background {
          info["background"] = (try? JSONValue(encoding: IndexIdentityRecord.records(for: background))) ?? .array([])
        }
        // The calibration the E-values rest on, with its self-check, as evidence reports record it: whether the
        // panel's own E-values held is a question to answer before trusting any diagnostic's odds.
        if let calibration = engine.calibration {
          info["calibration"] = try? JSONValue(encoding: CalibrationRecord(calibration))
        }
      }
      reply.succeed(.object(info))
    }
  }
}
