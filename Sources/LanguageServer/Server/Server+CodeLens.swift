import JSONRPC

extension Server {
  /// The file summary as a lens on the first line, once the current version is scanned; none for a file that was
  /// not scanned (its `not-scanned` diagnostic says why).
  func codeLenses(_ params: CodeLensRequest, _ reply: TypedReply<[CodeLens]>) {
    whenCurrent(params.textDocument.uri) { _, findings in
      guard let summary = findings?.summary else {
        reply.succeed([])
        return
      }
      reply.succeed([CodeLens(range: .zero, command: Command(title: summary.text, command: ""))])
    }
  }
}
