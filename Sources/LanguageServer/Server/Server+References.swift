import Dispatch
import JSONRPC
import Matching

extension Server {
  /// The passage of the current findings at `position`: the innermost one that contains it (an end counts, so the
  /// cursor just after a word works).
  func passage(at position: Position, in document: OpenDocument, findings: DocumentFindings) -> Passage? {
    let offset = document.utf8Offset(of: position, encoding: client.encoding)
    return findings.passages
      .filter { $0.range.utf8Start <= offset && offset <= $0.range.utf8End }
      .min(by: { $0.range.count < $1.range.count })
  }

  /// The best reference of the passage under the cursor, with the matched region; null elsewhere and on
  /// self-identifications, which have no reference.
  func definition(_ params: DefinitionRequest, _ reply: TypedReply<[Location]?>) {
    whenCurrent(params.textDocument.uri) { document, findings in
      guard let document, let findings,
        let best = self.passage(at: params.position, in: document, findings: findings)?.best
      else {
        reply.succeed(nil)
        return
      }
      let locator = ReferenceLocator(library: self.referenceLibrary, encoding: self.client.encoding)
      reply.succeed([locator.location(of: best)])
    }
  }

  /// The text of a reference answer, for the clients' read-only views of `echolens-index:` URIs.
  func referenceDocument(_ params: ReferenceDocumentRequest, _ reply: TypedReply<ReferenceDocumentResult>) {
    guard let name = DocumentURI.referenceName(of: params.uri) else {
      reply.fail(
        ResponseError.invalidParams(
          "params.uri: expected \(DocumentURI.referenceScheme):///<index identity>/<document number>/<document id>, "
            + "got \(params.uri)"))
      return
    }
    guard let holder = engine else {
      reply.fail(ResponseError(code: .requestFailed, message: "no reference index is open"))
      return
    }
    // Off the queue: the first request may have to wait for the index to open, and builds the id table.
    DispatchQueue.global(qos: .userInitiated).async {
      guard case .success(let loaded) = holder.engine() else {
        reply.fail(ResponseError(code: .requestFailed, message: "no reference index is open"))
        return
      }
      guard
        let document = loaded.library.document(
          indexIdentity: name.indexIdentity, documentNumber: name.documentNumber, documentID: name.documentID)
      else {
        reply.fail(
          ResponseError(
            code: .requestFailed,
            message: "no reference \(name.documentID) in an open index with identity \(name.indexIdentity)"))
        return
      }
      reply.succeed(
        ReferenceDocumentResult(
          uri: params.uri, text: String(decoding: document.text, as: UTF8.self), documentID: document.id,
          model: document.model, source: document.source, prompt: document.prompt))
    }
  }
}
