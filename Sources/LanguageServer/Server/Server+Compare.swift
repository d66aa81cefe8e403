import JSONRPC
import Matching

extension Server {
  /// `echolens.compare`: a passage and its best reference side by side, with the aligned differences, so a client
  /// can show both and highlight what changed (`:EchoLensCompare` in Neovim, a diff view in VS Code).
  ///
  /// Arguments `[{uri, passageId}]` or `[{uri, position}]`, as the export commands take them.
  func compare(_ arguments: [JSONValue]?, _ reply: TypedReply<JSONValue>) {
    let argument: ExportArgument
    do {
      guard let first = arguments?.first else {
        throw ResponseError.invalidParams("missing argument: expected [{\"uri\": …, \"position\": …}]")
      }
      argument = try first.decode(ExportArgument.self)
      if argument.passageId == nil && argument.position == nil {
        throw ResponseError.invalidParams("arguments[0]: expected a passageId or a position")
      }
    } catch {
      reply.fail(error)
      return
    }
    whenCurrent(argument.uri) { document, findings in
      guard let document, let findings else {
        reply.fail(ResponseError.invalidParams("\(argument.uri) is not open"))
        return
      }
      let passage =
        argument.passageId.flatMap { id in findings.passages.first { $0.id == id } }
        ?? argument.position.flatMap { self.passage(at: $0, in: document, findings: findings) }
      guard let found = passage, found.best != nil else {
        reply.fail(
          ResponseError(
            code: .requestFailed, message: "no echoed passage there to compare (self-identifications have no reference)"
          ))
        return
      }
      let library = self.referenceLibrary
      guard let passage = found.withExcerpts(from: library), let best = passage.best else {
        reply.fail(Self.referenceGone)
        return
      }
      let encoding = self.client.encoding
      let locator = ReferenceLocator(library: library, encoding: encoding)
      let reference = locator.location(of: best)
      var differences: [JSONValue] = []
      for span in best.alignment {
        switch span.kind {
        case .equal: continue
        case .insert, .delete, .substitute: break
        }
        let referenceRange = locator.location(of: ReferenceLocator.name(of: best), bytes: span.reference).range
        differences.append(
          .object([
            "kind": .string(span.kind.rawValue),
            "transcript": Self.json(document.range(of: span.transcript, encoding: encoding)),
            "reference": Self.json(referenceRange),
          ]))
      }
      reply.succeed(
        .object([
          "passage": .object([
            "uri": .string(document.uri), "range": Self.json(document.range(of: passage.range, encoding: encoding)),
            "text": .string(passage.text),
          ]),
          "reference": .object([
            "uri": .string(reference.uri), "range": Self.json(reference.range),
            "documentID": .string(best.documentID), "model": .string(best.model),
            "prompt": best.prompt.map(JSONValue.string) ?? .null,
            "excerpt": .string(best.referenceExcerpt),
          ]),
          "differences": .array(differences),
        ]))
    }
  }

  static func json(_ range: TextRange) -> JSONValue {
    func position(_ p: Position) -> JSONValue {
      .object(["line": .integer(p.line), "character": .integer(p.encodedColumn)])
    }
    return .object(["start": position(range.start), "end": position(range.end)])
  }
}
