import Matching
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// Prompt masks computed ahead by the warm-up are the ones a scan computes on first use: a scanner warmed up finds
/// the same passages, bit for bit, as a cold one and as itself before, also where a reference answer repeats its
/// prompt with corrections.
@Suite struct PromptMaskWarmUpTests {
  @Test func aWarmedUpScannerFindsWhatAColdOneFinds() throws {
    let dir = try TemporaryDirectory()
    let prompt =
      "Fix the grammar: i got charged intrest on my credit card but i paid the full balance on time every month."
    let answer =
      "I got charged interest on my credit card, but I paid the full balance on time every month. The rest of "
      + "this answer explains that a statement balance paid in full keeps the grace period on new purchases."
    let references = try MatchingFixtures.index(
      MatchingFixtures.promptedCorpus(id: "grammar", prompt: prompt, output: answer), in: dir)
    func scanner() throws -> EchoScanner {
      try EchoScanner(
        references: references, background: nil, identities: try IdentityCatalog.builtIn(),
        parameters: ScanParameters())
    }
    let transcript = Array(
      (MatchingFixtures.jsonLine(["prompt": prompt, "output": answer]) + "\n"
        + MatchingFixtures.jsonLine(["prompt": "Something else", "output": MatchingFixtures.filler(seed: 3)])
        + "\n").utf8)
    let cold = try scanner().scan(bytes: transcript, format: .jsonLines)
    #expect(!cold.passages.isEmpty)
    let warm = try scanner()
    var checks = 0
    try warm.warmPromptMasks {
      checks += 1
      return false
    }
    #expect(checks == 13, "one check per reference answer")
    #expect(try warm.scan(bytes: transcript, format: .jsonLines).passages == cold.passages)
    // Stopped at once, it computes nothing and the scan is still the same.
    let stopped = try scanner()
    try stopped.warmPromptMasks { true }
    #expect(try stopped.scan(bytes: transcript, format: .jsonLines).passages == cold.passages)
  }
}
