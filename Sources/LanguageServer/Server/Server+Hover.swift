import JSONRPC
import Matching

extension Server {
  func hover(_ params: HoverRequest, _ reply: TypedReply<HoverResult?>) {
    let encoding = client.encoding
    let markdown = client.markdownHover
    whenCurrent(params.textDocument.uri) { document, findings in
      guard let document, let findings else {
        reply.succeed(nil)
        return
      }
      guard
        let passage = self.passage(at: params.position, in: document, findings: findings)?
          .withExcerpts(from: self.referenceLibrary)
      else {
        reply.succeed(nil)
        return
      }
      let renderer = HoverRenderer(markdown: markdown, transcript: document.text)
      reply.succeed(
        HoverResult(
          contents: MarkupContent(kind: markdown ? "markdown" : "plaintext", value: renderer.render(passage)),
          range: document.range(of: passage.range, encoding: encoding)))
    }
  }
}
