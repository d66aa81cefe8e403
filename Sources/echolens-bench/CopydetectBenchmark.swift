/// Section `copydetect`: side by side with the winnowing plagiarism detector copydetect.
struct CopydetectBenchmark {
  let context: BenchContext
  func run() throws { print("copydetect: not yet written") }
}
