import Foundation
import TestSupport
import Testing

/// `echolens calibrate` and `scan --calibration` as a user runs them.
@Suite struct CLICalibrationTests {
  let cli = CLITests()

  /// A panel of independent answers: other models answering the reference's kind of prompts in their own words.
  /// The answers to question 1 follow up on question 0, and their records carry that conversation (`history`).
  static func panel(in dir: TemporaryDirectory) throws -> String {
    var lines: [String] = []
    for model in ["falcon", "dolly", "llama"] {
      for (i, text) in CLITests.otherAnswers.enumerated() {
        var record: [String: Any] = [
          "id": "q\(i)", "model": model, "prompt": "Question \(i)", "output": "In my words (\(model)): " + text,
        ]
        if i == 1 { record["history"] = [["role": "user", "content": "Question 0"]] }
        let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        lines.append(String(decoding: data, as: UTF8.self))
      }
    }
    return try dir.write("panel.jsonl", lines.joined(separator: "\n") + "\n")
  }

  /// Builds the reference index, the panel `panel.eli` and `cal.json` in `dir` as a user does; returns the index's
  /// path and what `calibrate` printed.
  func calibrated(in dir: TemporaryDirectory) throws -> (index: String, calibrate: ProcessResult) {
    let (_, index) = try cli.buildIndex(in: dir)
    let panelCorpus = try Self.panel(in: dir)
    #expect(try cli.echolens("index", "build", panelCorpus, "-o", dir.path + "/panel.eli", in: dir).exitCode == 0)
    let calibrate = try cli.echolens(
      "calibrate", "--index", index, "--background", dir.path + "/panel.eli", "-o", dir.path + "/cal.json", in: dir)
    #expect(calibrate.exitCode == 0, "\(calibrate.standardError)")
    return (index, calibrate)
  }

  @Test func calibrateThenScanRecordsTheCalibrationAndAStaleOneIsOneErrorLine() throws {
    let dir = try TemporaryDirectory()
    let (index, calibrate) = try calibrated(in: dir)
    #expect(calibrate.standardOutput.hasPrefix("wrote \(dir.path)/cal.json (sha256 "))
    #expect(
      calibrate.standardOutput.contains(
        "  3 of them follow-ups, scanned with their conversation's earlier user turns\n"))
    let calibration = try #require(FileManager.default.contents(atPath: dir.path + "/cal.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: calibration) as? [String: Any])
    #expect(object["format"] as? String == "echolens-calibration")
    #expect(object["nullAnswers"] as? Int == 3 * CLITests.otherAnswers.count)
    // The self-check of this panel: models dealt alternately into two halves by name, every answer counted once
    // as held out, with the three thresholds.
    let lines = cli.lines(calibrate.standardOutput)
    let check = try #require(lines.firstIndex { $0.hasPrefix("self-check: ") }, "\(calibrate.standardOutput)")
    #expect(lines[check].contains("(dolly, llama | falcon)"))
    let bare = try #require(lines.dropFirst(check + 1).first { $0.hasPrefix("  as bare text, ") })
    #expect(bare.hasPrefix("  as bare text, \(3 * CLITests.otherAnswers.count) answers: E <= 0.001: "))
    #expect(bare.contains("; E <= 0.01: ") && bare.contains("; E <= 0.1: "))
    // The file keeps it, and a scan resting on the file repeats it in its calibration record.
    let kept = try #require(object["selfCheck"] as? [String: Any])
    #expect(kept["halves"] as? [[String]] == [["dolly", "llama"], ["falcon"]])
    #expect(kept["bareAnswers"] as? Int == 3 * CLITests.otherAnswers.count)
    #expect((kept["bare"] as? [[String: Any]])?.compactMap { $0["threshold"] as? Double } == [0.001, 0.01, 0.1])

    let copied = try dir.write("copied.md", "Notes.\n\n" + CLITests.copied + ".\n")
    let scan = try cli.echolens(
      "scan", "--index", index, "--background", dir.path + "/panel.eli", "--calibration", dir.path + "/cal.json",
      "--max-evalue", "0.5", "--format", "json", copied, in: dir)
    #expect(scan.exitCode == 1, "\(scan.standardError)")
    let output = try #require(
      try JSONSerialization.jsonObject(with: Data(scan.standardOutput.utf8)) as? [String: Any])
    let record = try #require(output["calibration"] as? [String: Any])
    #expect(record["sha256"] as? String == SHA256Hex.of(Array(calibration)))
    #expect((record["selfCheck"] as? [String: Any])?["halves"] as? [[String]] == [["dolly", "llama"], ["falcon"]])
    #expect(scan.standardOutput.contains("\"calibrated\" : true"))

    // The same calibration with no background (so not the panel it was made with) is refused in one line.
    let stale = try cli.echolens("scan", "--index", index, "--calibration", dir.path + "/cal.json", copied, in: dir)
    #expect(stale.exitCode == 2)
    #expect(cli.lines(stale.standardError).count == 1)
    #expect(stale.standardError.contains("calibration does not fit this scan"))
    // A JSON file of another kind is refused too.
    let foreign = try dir.write("foreign.json", "{\"hello\": 1}\n")
    let refused = try cli.echolens("scan", "--index", index, "--calibration", foreign, copied, in: dir)
    #expect(refused.exitCode == 2)
    #expect(refused.standardError == "echolens: error: \(foreign): not an echolens calibration file\n")
  }

  /// A calibration whose numbers were changed after `calibrate` wrote it (here the prompted null's decay, as a flipped
  /// digit would) is refused in one line that says what is wrong, instead of scoring with it.
  @Test func aCalibrationWhoseFitWasChangedIsRefusedInOneLine() throws {
    let dir = try TemporaryDirectory()
    let (index, _) = try calibrated(in: dir)
    let copied = try dir.write("copied.md", "Notes.\n\n" + CLITests.copied + ".\n")
    let arguments = ["scan", "--index", index, "--background", dir.path + "/panel.eli", "--calibration"]
    #expect(try cli.echolens(arguments + [dir.path + "/cal.json", copied], in: dir).exitCode == 1)

    let data = try #require(FileManager.default.contents(atPath: dir.path + "/cal.json"))
    /// `cal.json` with one key of its top-level object changed by `change`, written as `name`.
    func edited(_ name: String, key: String, _ change: (inout [String: Any]) throws -> Void) throws -> String {
      var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      var value = try #require(object[key] as? [String: Any])
      try change(&value)
      object[key] = value
      return try dir.write(
        name,
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
    }
    let damaged = try edited("damaged.json", key: "prompted") { prompted in
      var tail = try #require(prompted["tail"] as? [String: Any])
      tail["lambda"] = try #require(tail["lambda"] as? Double) + 1
      prompted["tail"] = tail
    }
    let refused = try cli.echolens(arguments + [damaged, copied], in: dir)
    #expect(refused.exitCode == 2)
    #expect(
      refused.standardError.hasPrefix("echolens: error: \(damaged): calibration file is damaged: the prompted null "))
    #expect(refused.standardError.contains("that is not the fit of its own scores"))
    #expect(cli.lines(refused.standardError).count == 1)
    #expect(refused.standardOutput.isEmpty)

    // A self-check with a negative count is no check `calibrate` made.
    let negative = try edited("negative.json", key: "selfCheck") { $0["bareAnswers"] = -4 }
    let negativeRefused = try cli.echolens(arguments + [negative, copied], in: dir)
    #expect(negativeRefused.exitCode == 2)
    #expect(
      negativeRefused.standardError
        == "echolens: error: \(negative): calibration file is damaged: its self-check holds numbers `calibrate` "
        + "never writes\n")
  }

  /// The panel answered none of the reference's prompts: `calibrate` says so and warns, and a transcript that answers
  /// the reference's prompt is calibrated on answers to other prompts and says so, as bare text that echoes the
  /// reference answer does (judged by that answer's prompt).
  @Test func aPanelThatNeverAnsweredTheReferencesPromptsIsNamedByCalibrateAndByEachFinding() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try cli.buildIndex(in: dir)
    #expect(
      try cli.echolens("index", "build", try Self.panel(in: dir), "-o", dir.path + "/panel.eli", in: dir).exitCode == 0)
    let calibrate = try cli.echolens(
      "calibrate", "--index", index, "--background", dir.path + "/panel.eli", "-o", dir.path + "/cal.json", in: dir)
    #expect(calibrate.exitCode == 0, "\(calibrate.standardError)")
    #expect(
      calibrate.standardOutput.contains(
        "  reference answers whose prompt the panel answered too: 0 of 1 with a prompt\n"))
    let warnings = cli.lines(calibrate.standardError).filter { $0.hasPrefix("echolens: warning: ") }
    #expect(warnings.count == 1)
    #expect(warnings.first?.contains("the panel answered the prompts of only 0 of the reference's 1 answers") == true)

    func scan(_ name: String, _ content: String) throws -> String {
      let path = try dir.write(name, content)
      let result = try cli.echolens(
        "scan", "--index", index, "--background", dir.path + "/panel.eli", "--calibration", dir.path + "/cal.json",
        "--max-evalue", "0.5", path, in: dir)
      #expect(result.exitCode == 1, "\(result.standardError)")
      return result.standardOutput
    }
    let record = try JSONSerialization.data(
      withJSONObject: ["prompt": "How is glass blown?", "output": CLITests.copied], options: [.sortedKeys])
    let answering = try scan("answer.jsonl", String(decoding: record, as: UTF8.self) + "\n")
    #expect(answering.contains("independent answers, none to this prompt, had a passage this strong"))
    #expect(answering.contains("(calibrated on answers to other prompts)"))
    #expect(
      answering.hasSuffix(
        "echolens: 1 passage rests on independent answers to other prompts (the panel never answered its prompt), so "
          + "its E-value may understate chance\n"))
    let sarif = try cli.echolens(
      "scan", "--index", index, "--background", dir.path + "/panel.eli", "--calibration", dir.path + "/cal.json",
      "--max-evalue", "0.5", "--format", "sarif", dir.path + "/answer.jsonl", in: dir)
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.standardOutput.utf8)) as? [String: Any])
    let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    let echo = try #require(results.first { $0["ruleId"] as? String == "echo" })
    #expect((echo["properties"] as? [String: Any])?["panelAnsweredPrompt"] as? Bool == false)
    // Bare text is judged by the echoed answer's prompt, which the panel never answered either.
    let bare = try scan("copied.md", "Notes.\n\n" + CLITests.copied + ".\n")
    #expect(bare.contains("independent answers, none to that answer's prompt, had a passage this strong"))
    #expect(!bare.contains("none to this prompt"))
  }

  /// A reference without prompts: nothing to count, and nothing to warn about.
  @Test func aReferenceWithoutPromptsIsSaidSoWithoutAWarning() throws {
    let dir = try TemporaryDirectory()
    let records = CLITests.otherAnswers.enumerated().map { i, text in
      #"{"id": "r\#(i)", "model": "gpt-4", "output": "\#(text)"}"#
    }
    let corpus = try dir.write("reference.jsonl", records.joined(separator: "\n") + "\n")
    #expect(try cli.echolens("index", "build", corpus, "-o", dir.path + "/ref.eli", in: dir).exitCode == 0)
    #expect(
      try cli.echolens("index", "build", try Self.panel(in: dir), "-o", dir.path + "/panel.eli", in: dir).exitCode == 0)
    let calibrate = try cli.echolens(
      "calibrate", "--index", dir.path + "/ref.eli", "--background", dir.path + "/panel.eli", "-o",
      dir.path + "/cal.json", in: dir)
    #expect(calibrate.exitCode == 0, "\(calibrate.standardError)")
    #expect(
      calibrate.standardOutput.contains("  reference answers whose prompt the panel answered too: none has a prompt\n"))
    #expect(!calibrate.standardError.contains("warning"))
  }

  @Test func withoutACalibrationTheTextOutputSaysUncalibrated() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try cli.buildIndex(in: dir)
    let copied = try dir.write("copied.md", "Notes.\n\n" + CLITests.copied + ".\n")
    let scan = try cli.echolens("scan", "--index", index, copied, in: dir)
    #expect(scan.exitCode == 1)
    #expect(scan.standardOutput.contains("; uncalibrated: about 1 in 10^"))
    #expect(scan.standardOutput.contains("by a word-frequency model that overstates the odds of conventional text"))
  }
}

/// SHA-256 of bytes in hex, as `sha256sum` prints it.
enum SHA256Hex {
  static func of(_ bytes: [UInt8]) -> String {
    let pipe = Pipe()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum"]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = pipe
    try? process.run()
    input.fileHandleForWriting.write(Data(bytes))
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return String(out.prefix(64))
  }
}
