import JSONRPC
import Matching

extension Server {
  /// Quick-fixes "Export evidence for this passage" for each echolens diagnostic (or passage) in the range, and the
  /// source action "Export evidence for all passages in this file". Both run server-side commands, so they work in
  /// any client.
  func codeActions(_ params: CodeActionRequest, _ reply: TypedReply<[CodeActionOrCommand]>) {
    let encoding = client.encoding
    let literals = client.codeActionLiterals
    let uri = params.textDocument.uri
    whenCurrent(uri) { document, findings in
      guard let document, let findings, !findings.passages.isEmpty else {
        reply.succeed([])
        return
      }
      let wants = { (kind: String) -> Bool in
        guard let only = params.context.only, !only.isEmpty else { return true }
        return only.contains { kind == $0 || kind.hasPrefix($0 + ".") }
      }
      var actions: [CodeActionOrCommand] = []
      if wants("quickfix") {
        var seen = Set<String>()
        for (passage, diagnostic) in zip(findings.passages, findings.diagnostics)
        where diagnostic.range.overlaps(params.range) && seen.insert(passage.id).inserted {
          let command = Command(
            title: "Export evidence for this passage", command: ServerCommand.exportEvidence,
            arguments: [.object(["uri": .string(uri), "passageId": .string(passage.id)])])
          actions.append(
            literals
              ? .action(
                CodeAction(
                  title: command.title, kind: "quickfix", diagnostics: [diagnostic], isPreferred: true,
                  command: command))
              : .command(command))
        }
      }
      if wants(Self.exportAllActionKind) {
        let command = Command(
          title: "Export evidence for all passages in this file", command: ServerCommand.exportAllEvidence,
          arguments: [.object(["uri": .string(uri)])])
        actions.append(
          literals
            ? .action(
              CodeAction(
                title: command.title, kind: Self.exportAllActionKind, diagnostics: nil,
                isPreferred: nil, command: command))
            : .command(command))
      }
      _ = document
      _ = encoding
      reply.succeed(actions)
    }
  }
}
