import Evidence
import Matching
import Testing

@Suite struct EvidenceMarkdownRendererTests {
  @Test func showsSummaryPassagesReproduceCommandAndHashes() throws {
    let report = try EvidenceFixtures.report()
    let markdown = EvidenceMarkdownRenderer.render(report)
    #expect(markdown.hasPrefix("# Evidence report: notes/chat log.md\n"))
    #expect(markdown.contains("| # | Kind | Strength | Where | Reference | Similarity | Words | Chance |"))
    #expect(
      markdown.contains(
        "| 1 | echo | strong | line 4 col 1 – line 4 col 70 | gpt-4 answer `alpaca:123` | 94% | 61 | uncalibrated: about 1 in 10^18 by a word-frequency model that overstates the odds of conventional text |"
      ))
    #expect(markdown.contains("## Passage 2: self-identification, strong evidence"))
    #expect(markdown.contains("**Claims to be ChatGPT (OpenAI): “I am ChatGPT”**"))
    #expect(markdown.contains("E-value 1.2e-18: uncalibrated: about 1 in 10^18 by a word-frequency model that overstates the odds of conventional text."))
    #expect(markdown.contains("```sh\n\(report.reproduce.command)\n```"))
    #expect(markdown.contains(try #require(report.reportDigest)))
    #expect(markdown.contains(report.transcript.sha256))
    #expect(markdown.contains("> Describe a fox."))
  }

  @Test func marksTheDifferencesInTheReferenceExcerpt() throws {
    let markdown = EvidenceMarkdownRenderer.render(try EvidenceFixtures.report())
    #expect(
      markdown.contains("> The quick brown fox ~~leaps~~ **jumps** over the lazy dog near the river bank **today**"))
  }

  @Test func transcriptTextCannotInjectMarkup() throws {
    var passage = EvidenceFixtures.selfIdentification
    passage.text = "# Title\n*bold* <script>x</script> [link](http://x) | pipe\n1. item"
    let report = try EvidenceReport(
      context: EvidenceFixtures.context(), transcriptPath: "a.md", transcriptBytes: EvidenceFixtures.bytes,
      format: .markdown, passages: [passage], generatedAt: EvidenceFixtures.date)
    let markdown = EvidenceMarkdownRenderer.render(report)
    #expect(
      markdown.contains(
        "> \\# Title  \n> \\*bold\\* \\<script\\>x\\</script\\> \\[link\\](http://x) \\| pipe  \n> 1\\. item  "))
  }

  @Test func saysSoWhenNothingWasFound() throws {
    let report = try EvidenceReport(
      context: EvidenceFixtures.context(), transcriptPath: "a.md", transcriptBytes: [], format: .markdown,
      passages: [], generatedAt: EvidenceFixtures.date)
    #expect(EvidenceMarkdownRenderer.render(report).contains("No passage was found with these parameters."))
  }
}
