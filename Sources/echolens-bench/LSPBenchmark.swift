/// Section `lsp` (issue 4): the language server's latencies and memory, over real frames.
struct LSPBenchmark {
  let context: BenchContext
  func run() throws { print("lsp: not yet written") }
}
