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
      let offset = document.utf8Offset(of: params.position, encoding: encoding)
      // The innermost passage that contains the offset (an end offset counts, so the cursor after a word works).
      let candidates = findings.passages.filter { $0.range.utf8Start <= offset && offset <= $0.range.utf8End }
      guard let passage = candidates.min(by: { $0.range.count < $1.range.count }) else {
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
