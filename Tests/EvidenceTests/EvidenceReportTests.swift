import Evidence
import Foundation
import Matching
import TestSupport
import Testing
import TextProcessing

@Suite struct EvidenceReportTests {
  @Test func recordsTranscriptPathsDigestAndPositions() throws {
    let report = try EvidenceFixtures.report()
    #expect(report.transcript.path == "notes/chat log.md")
    #expect(report.transcript.absolutePath == "/work/space/notes/chat log.md")
    #expect(report.transcript.sha256 == SHA256.hexDigest(EvidenceFixtures.bytes))
    #expect(report.generatedAt == "2024-05-06T07:08:09Z")
    let echo = try #require(report.passages.first)
    #expect(echo.range.start == FilePosition(line: 4, utf8Column: 1, scalarColumn: 1))
    #expect(echo.range.end.line == 4)
    #expect(echo.range.end.utf8Column == echo.range.utf8End - echo.range.utf8Start + 1)
    #expect(echo.textSHA256 == SHA256.hexDigest(Array(echo.text.utf8)))
    let rangeBytes = Array(EvidenceFixtures.bytes[echo.range.utf8Start..<echo.range.utf8End])
    #expect(echo.rangeSHA256 == SHA256.hexDigest(rangeBytes))
    #expect(echo.message.hasPrefix("Echoes gpt-4 answer alpaca:123: 94% of 61 words"))
    let spans = try #require(echo.best?.alignment)
    #expect(spans.map(\.kind) == [.equal, .substitute, .equal, .insert])
    #expect(spans[1].transcriptText == "jumps")
    #expect(spans[1].referenceText == "leaps")
    #expect(spans[3].transcriptText == "today")
    #expect(spans[3].referenceText == "")
    // Line 5 follows a CRLF: the self-identification starts after "Then it said: ".
    #expect(report.passages[1].range.start == FilePosition(line: 5, utf8Column: 15, scalarColumn: 15))
  }

  @Test func reproduceCommandCarriesEveryFlagAndQuotesThePath() throws {
    let report = try EvidenceFixtures.report()
    #expect(
      report.reproduce.command
        == "echolens scan --index /data/index/gpt4.eli --min-tokens 20 --min-similarity 0.7 --max-evalue 0.002 "
        + "--max-uncalibrated-evalue 1e-30 --max-passages 500 --kinds common-text,echo,self-identification --max-seed-documents 64 --format json 'notes/chat log.md'"
    )
    #expect(report.reproduce.workingDirectory == "/work/space")
    #expect(report.parameters.kinds == ["common-text", "echo", "self-identification"])
  }

  @Test func transcriptOutsideTheWorkspaceKeepsItsAbsolutePath() throws {
    let report = try EvidenceFixtures.report(path: "/elsewhere/chat.md")
    #expect(report.transcript.path == "/elsewhere/chat.md")
    #expect(report.reproduce.arguments.last == "/elsewhere/chat.md")
  }

  @Test func everyParameterBecomesAFlag() throws {
    var context = EvidenceFixtures.context()
    context.parameters.maxSeedDocuments = 10
    context.identityFiles = ["ids.json"]
    context.parameters.ownIdentities = ["Qwen"]
    let report = try EvidenceReport(
      context: context, transcriptPath: "-odd.md", transcriptBytes: [], format: .markdown, passages: [],
      generatedAt: EvidenceFixtures.date)
    #expect(
      report.reproduce.arguments.suffix(9) == [
        "--max-seed-documents", "10", "--identities", "ids.json", "--own-identity", "Qwen", "--format", "json",
        "./-odd.md",
      ])
  }

  @Test func warnsWhenTheFileOnDiskIsNotWhatWasScanned() throws {
    let workspace = try TemporaryDirectory()
    _ = try workspace.write("chat.md", bytes: EvidenceFixtures.bytes)
    let saved = try EvidenceFixtures.report(root: workspace.path, path: "chat.md")
    #expect(saved.reproduce.caveats.isEmpty)
    _ = try workspace.write("chat.md", "edited on disk")
    let unsaved = try EvidenceFixtures.report(root: workspace.path, path: "chat.md")
    #expect(unsaved.reproduce.caveats.count == 1)
    #expect(unsaved.reproduce.caveats[0].contains("unsaved changes"))
  }

  @Test func digestSealsTheReportAndSurvivesARoundTrip() throws {
    let report = try EvidenceFixtures.report()
    let digest = try #require(report.reportDigest)
    #expect(digest.count == 64)
    #expect(try report.verify())
    let file = try report.fileJSON()
    #expect(try EvidenceReport.verify(jsonBytes: file))
    let decoded = try JSONDecoder().decode(EvidenceReport.self, from: Data(file))
    #expect(decoded == report)
    #expect(try decoded.fileJSON() == file)
  }

  @Test func anyChangeBreaksTheDigest() throws {
    var report = try EvidenceFixtures.report()
    report.passages[0].best?.similarity = 0.95
    #expect(try !report.verify())
    var other = try EvidenceFixtures.report()
    other.transcript.sha256 = String(repeating: "0", count: 64)
    #expect(try !other.verify())
    var unsealed = try EvidenceFixtures.report()
    unsealed.reportDigest = nil
    #expect(try !unsealed.verify())
  }

  @Test func canonicalJSONIsCompactSortedAndWithoutTheDigest() throws {
    let report = try EvidenceFixtures.report()
    let text = String(decoding: try report.canonicalJSON(), as: UTF8.self)
    #expect(!text.contains("reportDigest"))
    #expect(!text.contains("\n"))
    #expect(text.hasPrefix("{\"backgroundIndexes\":[],\"generatedAt\":"))
    #expect(SHA256.hexDigest(try report.canonicalJSON()) == report.reportDigest)
  }

  @Test func nonFiniteScoresAreWrittenAsFiniteNumbers() throws {
    var passage = EvidenceFixtures.echo
    passage.best?.bits = .infinity
    passage.best?.eValue = -0.0
    let record = EvidencePassage(passage, lines: LineTable(bytes: EvidenceFixtures.bytes))
    #expect(record.best?.bits == Double.greatestFiniteMagnitude)
    #expect(record.best?.eValue.sign == .plus)
  }

  /// The committed fixtures `Tests/pytest/cli/fixtures/evidence-report.{json,md}` are what this code writes for
  /// the fixture; the pytest suite validates the JSON against `Protocol/evidence.schema.json` and recomputes its
  /// digest in Python. Set `ECHOLENS_UPDATE_FIXTURES=1` to rewrite them after an intended change.
  @Test func committedFixturesMatchWhatTheCodeWrites() throws {
    let report = try EvidenceFixtures.report()
    let expected: [(String, [UInt8])] = [
      ("evidence-report.json", try report.fileJSON()),
      ("evidence-report.md", Array(EvidenceMarkdownRenderer.render(report).utf8)),
    ]
    for (name, bytes) in expected {
      let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../pytest/cli/fixtures/\(name)").standardized
      if ProcessInfo.processInfo.environment["ECHOLENS_UPDATE_FIXTURES"] == "1" {
        try Data(bytes).write(to: url, options: .atomic)
      }
      let committed = try [UInt8](Data(contentsOf: url))
      #expect(committed == bytes, "fixture \(url.path) is stale; rerun with ECHOLENS_UPDATE_FIXTURES=1")
    }
  }
}
