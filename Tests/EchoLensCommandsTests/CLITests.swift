import Foundation
import TestSupport
import Testing

/// The built `echolens` binary, run as a user or CI runs it: arguments in, text and an exit status out.
///
/// The binary is `ECHOLENS_BIN` when set, else the `echolens` built beside this test bundle (same scratch path),
/// else `<package>/.build/debug/echolens`.
@Suite struct CLITests {
  static let binary: String = {
    if let path = ProcessInfo.processInfo.environment["ECHOLENS_BIN"], !path.isEmpty { return path }
    let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("echolens").path
    if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
    return ProcessRunner.echolensBinaryPath()
  }()

  func echolens(_ arguments: String..., in directory: TemporaryDirectory) throws -> ProcessResult {
    try ProcessRunner.run(Self.binary, arguments, currentDirectory: directory.path)
  }

  func echolens(_ arguments: [String], in directory: TemporaryDirectory) throws -> ProcessResult {
    try ProcessRunner.run(Self.binary, arguments, currentDirectory: directory.path)
  }

  /// Lines of `text` without the empty last one.
  func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  static let copied = """
    Glassblowers gather molten glass on the end of a long steel pipe, roll it across a polished marble slab to \
    cool the outer skin, and blow a small bubble before returning the piece to the glory hole for reheating. \
    Shaping continues with wooden blocks soaked in water, jacks that narrow the neck, and tweezers that pull \
    delicate handles while an assistant keeps the pipe turning so gravity never wins
    """
  static let otherAnswers = [
    "Marathon training builds weekly mileage gradually, alternating long slow runs with tempo sessions and rest days so tendons adapt.",
    "Origami cranes start from a square base; crisp valley and mountain folds matter more than speed, and thin paper helps.",
    "Composting needs a balance of green kitchen scraps and brown dry leaves, regular turning for air, and moisture like a wrung sponge.",
    "Chess openings reward development of knights and bishops, early castling, and control of the central squares before attacking.",
    "Watercolour painters work from light to dark, leaving white paper for highlights, and let each wash dry before glazing the next.",
    "Bicycle chains last longer when cleaned with a degreaser, dried, and lubricated sparingly, wiping off the excess from the outside.",
    "Sourcing coffee beans from a local roaster means fresher flavour; grind just before brewing and keep the beans in an airtight tin.",
    "Knitting a scarf teaches the knit stitch, the purl stitch, and even tension, and chunky wool on large needles grows quickly.",
    "Birdwatchers note size, shape, plumage, behaviour and song, and a field guide organised by family speeds identification.",
    "Tomato seedlings need strong light, a gentle breeze or brushing to thicken stems, and hardening off before transplanting outside.",
    "Sea kayakers check tide tables and wind forecasts, carry a pump and paddle float, and practise rescues in calm water first.",
  ]

  /// A reference corpus of 12 answers plus one bad record on line 13, and its index built with the CLI.
  func buildIndex(in directory: TemporaryDirectory) throws -> (corpus: String, index: String) {
    var lines = [#"{"id": "glass", "model": "gpt-4", "prompt": "How is glass blown?", "output": "\#(Self.copied)"}"#]
    for (i, text) in Self.otherAnswers.enumerated() {
      lines.append(#"{"id": "other-\#(i)", "model": "gpt-4", "output": "\#(text)"}"#)
    }
    lines.append(#"{"id": "bad", "model": "gpt-4"}"#)
    let corpus = try directory.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
    let result = try echolens("index", "build", corpus, "-o", directory.path + "/idx/ref.eli", in: directory)
    #expect(result.exitCode == 0, "\(result.standardError)")
    return (corpus, directory.path + "/idx/ref.eli")
  }

  @Test func indexBuildReportsBadRecordsThenInfoAndVerifyDescribeTheIndex() throws {
    let dir = try TemporaryDirectory()
    let (corpus, index) = try buildIndex(in: dir)
    let build = try echolens("index", "build", corpus, "-o", dir.path + "/again.eli", in: dir)
    #expect(build.exitCode == 0)
    #expect(build.standardError.contains("warning: skipped bad record: \(corpus):13: missing field \"output\"\n"))
    #expect(build.standardOutput.hasPrefix("wrote \(dir.path)/again.eli: 12 documents"))

    let info = try echolens("index", "info", index, in: dir)
    #expect(info.exitCode == 0)
    let infoLines = lines(info.standardOutput)
    #expect(infoLines.contains("documents:    12"))
    #expect(infoLines.contains("format:       version 4, normalisation rules version 3"))
    #expect(infoLines.contains { $0.hasPrefix("input:        \(corpus) (") })
    for section in ["metadata", "documents", "strings", "postings", "directory", "terms", "tokens", "extra parts"] {
      #expect(infoLines.contains { $0.hasPrefix("  \(section) ") }, "section \(section)")
    }

    let json = try echolens("index", "info", index, "--json", in: dir)
    #expect(json.exitCode == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    #expect(object["documents"] as? Int == 12)
    #expect(object["formatVersion"] as? Int == 4)
    #expect((object["sections"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.count == 8)
    #expect(((object["build"] as? [String: Any])?["skippedRecordCount"]) as? Int == 1)
    let identity = try #require(object["identity"] as? String)

    let verify = try echolens("index", "verify", index, in: dir)
    #expect(verify.exitCode == 0)
    #expect(verify.standardOutput.hasPrefix("\(index): OK (8 section checksums"))
    #expect(verify.standardOutput.contains("identity \(identity)"))

    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: index)))
    bytes[bytes.count - 5] ^= 0xFF  // inside the last section
    let corrupted = try dir.write("corrupted.eli", bytes: bytes)
    let failed = try echolens("index", "verify", corrupted, in: dir)
    #expect(failed.exitCode == 2)
    #expect(lines(failed.standardError).count == 1)
    #expect(failed.standardError.contains("\(corrupted): index is corrupted:"))
    #expect(failed.standardError.contains("section checksum mismatch"))
  }

  @Test func scanExitsZeroForNothingOneForFindingsAndTwoForErrors() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try buildIndex(in: dir)
    let clean = try dir.write("clean.txt", "My own notes about the weather this week: sunny, then two days of rain.\n")
    let copy = MarkedText("Notes from the studio.\n\n1️⃣" + Self.copied + "2️⃣.\n")
    let copied = try dir.write("copied.md", copy.text)
    let missing = dir.path + "/missing.txt"

    let nothing = try echolens("scan", "--index", index, clean, in: dir)
    #expect(nothing.exitCode == 0, "\(nothing.standardOutput)\(nothing.standardError)")

    let found = try echolens("scan", "--index", index, copied, in: dir)
    #expect(found.exitCode == 1)
    let start = TextPosition(utf8Offset: copy["1️⃣"], in: copy.text)
    let finding = "\(copied):\(start.line + 1):\(start.utf16Column + 1): warning: Echoes gpt-4 answer glass: 100% of"
    #expect(lines(found.standardOutput).contains { $0.hasPrefix(finding) }, "\(found.standardOutput)")

    let mixed = try echolens("scan", "--index", index, missing, copied, clean, in: dir)
    #expect(mixed.exitCode == 2)
    let mentioningMissing = lines(mixed.standardOutput + mixed.standardError).filter { $0.contains(missing) }
    #expect(mentioningMissing == ["\(missing): error: cannot read: no such file"])
    #expect(lines(mixed.standardOutput).contains { $0.hasPrefix(finding) }, "the other files are still scanned")
    #expect(lines(mixed.standardOutput).last == "echolens: 3 files, 1 passage in 1 file, 1 error")
  }

  @Test func aDirectoryScannedOnSeveralThreadsGivesTheSameOutputAsOnOne() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try buildIndex(in: dir)
    // Files of very different cost, some with findings, one unreadable as UTF-8, in a nested folder.
    for i in 0..<9 {
      let body = i % 3 == 0 ? "Notes \(i).\n\n" + Self.copied + ".\n" : "My own notes, number \(i): sunny, then rain.\n"
      _ = try dir.write("transcripts/\(i % 2 == 0 ? "a" : "b/c")/t\(i).md", String(repeating: body, count: 1 + i))
    }
    _ = try dir.write("transcripts/bad.txt", bytes: Array("Valid ".utf8) + [0xFF])
    let one = try echolens("scan", "--index", index, "--jobs", "1", "--format", "json", "transcripts", in: dir)
    let three = try echolens("scan", "--index", index, "--jobs", "3", "--format", "json", "transcripts", in: dir)
    #expect(one.exitCode == 2 && three.exitCode == 2)
    #expect(one.standardOutput == three.standardOutput)
    #expect(one.standardOutput.contains("t6.md") && one.standardOutput.contains("invalid UTF-8 at byte 6"))
    let text = try echolens("scan", "--index", index, "--jobs", "2", "transcripts", in: dir)
    #expect(lines(text.standardOutput).last == "echolens: 10 files, 3 passages in 3 files, 1 error")
    let zero = try echolens("scan", "--index", index, "--jobs", "0", "transcripts", in: dir)
    #expect(zero.exitCode == 2)
    #expect(zero.standardError.contains("--jobs takes a positive number"))
  }

  @Test func anInvalidUTF8FileIsAnErrorNamingTheByteOffset() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try buildIndex(in: dir)
    let bad = try dir.write("bad.txt", bytes: Array("Valid start here ".utf8) + [0xFF, 0xFE] + Array(" end".utf8))
    let result = try echolens("scan", "--index", index, bad, in: dir)
    #expect(result.exitCode == 2)
    #expect(lines(result.standardOutput).contains("\(bad): error: invalid UTF-8 at byte 17"))
  }

  @Test func aTruncatedIndexIsOneErrorLineNamingTheFile() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try buildIndex(in: dir)
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: index)))
    let truncated = try dir.write("truncated.eli", bytes: Array(bytes.prefix(bytes.count / 2)))
    let transcript = try dir.write("t.txt", "Anything at all.\n")
    let result = try echolens("scan", "--index", truncated, transcript, in: dir)
    #expect(result.exitCode == 2)
    #expect(result.standardOutput.isEmpty)
    #expect(lines(result.standardError).count == 1)
    #expect(result.standardError.hasPrefix("echolens: error: \(truncated): index is truncated:"))
  }

  @Test func jsonOutputParsesAndHoldsThePassages() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try buildIndex(in: dir)
    let copy = MarkedText("Intro line.\n1️⃣" + Self.copied + "2️⃣.\nI am ChatGPT, developed by OpenAI.\n")
    let copied = try dir.write("copied.txt", copy.text)
    let result = try echolens("scan", "--index", index, "--format", "json", copied, in: dir)
    #expect(result.exitCode == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let files = try #require(object["files"] as? [[String: Any]])
    try #require(files.count == 1)
    #expect(files[0]["path"] as? String == copied)
    let passages = try #require(files[0]["passages"] as? [[String: Any]])
    #expect(passages.compactMap { $0["kind"] as? String } == ["echo", "self-identification"])
    let range = try #require(passages[0]["range"] as? [String: Any])
    #expect(range["utf8Start"] as? Int == copy["1️⃣"])
    #expect(range["utf8End"] as? Int == copy["2️⃣"])
    #expect((passages[0]["best"] as? [String: Any])?["documentID"] as? String == "glass")
    #expect(((object["summary"] as? [String: Any])?["passageCount"]) as? Int == 2)
  }

  @Test func demoShowsANearCopyAnEditedCopyAndASelfIdentification() throws {
    let dir = try TemporaryDirectory()
    let result = try echolens("demo", in: dir)
    #expect(result.exitCode == 0, "\(result.standardError)")
    let output = lines(result.standardOutput)
    let echoes = output.filter { $0.contains(": warning: Echoes ") }
    #expect(echoes.contains { $0.contains(": 100% of ") }, "a near-copy")
    #expect(echoes.contains { !$0.contains(": 100% of ") }, "an edited copy")
    #expect(output.contains { $0.contains(": warning: Claims to be ChatGPT (OpenAI)") })
    #expect(output.contains { $0.hasPrefix("Not reported: \"I hope this helps!\"") })
    // The demo has no calibration: the closing line names the threshold that applied, the uncalibrated one.
    #expect(output.contains { $0.hasSuffix("tokens and an uncalibrated E-value <= 1e-30).") })
  }

  @Test func anUnknownOptionIsAUsageErrorWithStatusTwo() throws {
    let dir = try TemporaryDirectory()
    let result = try echolens("scan", "--index", "x.eli", "--frobnicate", "t.txt", in: dir)
    #expect(result.exitCode == 2)
    #expect(result.standardOutput.isEmpty)
    #expect(
      lines(result.standardError) == [
        "echolens: error: usage error: unknown option --frobnicate (see `echolens --help`)"
      ])
    let help = try echolens("--help", in: dir)
    #expect(help.exitCode == 0)
    #expect(help.standardOutput.contains("usage: echolens scan --index PATH"))
  }
}
