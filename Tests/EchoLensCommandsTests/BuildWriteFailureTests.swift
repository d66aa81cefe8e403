import Foundation
import ReferenceIndex
import TestSupport
import Testing

/// `index build` writes its output and its token file on background threads (`BackgroundFileWriter`); a write
/// that fails there must still stop the build with one line naming the file, and leave nothing behind: no index
/// at the output path and no temporary files.
@Suite struct BuildWriteFailureTests {
  /// 600 records, the CLI tests' answers over and over: about 100 KB of text, and a token file of 8 bytes per
  /// token, both far beyond the file size limit below.
  func corpus(in dir: TemporaryDirectory) throws -> String {
    let lines = (0..<600).map { i in
      #"{"id": "doc-\#(i)", "model": "gpt-test", "output": "\#(CLITests.otherAnswers[i % CLITests.otherAnswers.count])"}"#
    }
    return try dir.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
  }

  @Test func aWriteThatFailsInTheBackgroundStopsTheBuildCleanly() throws {
    let dir = try TemporaryDirectory()
    let input = try corpus(in: dir)
    let output = dir.path + "/ref.eli"
    // Files may grow to 64 KiB; past that a write fails with EFBIG (SIGXFSZ, which would kill the process, is
    // ignored, and an ignored signal stays ignored across exec).
    let result = try ProcessRunner.run(
      "/bin/bash",
      ["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" index build \"$1\" -o \"$2\"", CLITests.binary, input, output],
      currentDirectory: dir.path, timeoutSeconds: 60)
    #expect(!result.terminatedBySignal)
    #expect(result.exitCode == 2, "\(result.standardError)")
    let lines = result.standardError.split(separator: "\n").filter { !$0.hasPrefix("progress:") }
    #expect(lines.count == 1, "\(lines)")
    let line = String(lines.first ?? "")
    #expect(line.hasPrefix("echolens: error: "), "\(line)")
    #expect(line.contains("file too large"), "\(line)")
    #expect(!FileManager.default.fileExists(atPath: output))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["corpus.jsonl"])

    // The same build without the limit succeeds: the corpus itself is fine.
    let unlimited = try ProcessRunner.run(
      CLITests.binary, ["index", "build", input, "-o", output], currentDirectory: dir.path, timeoutSeconds: 60)
    #expect(unlimited.exitCode == 0, "\(unlimited.standardError)")
    #expect(try ReferenceIndexFile(path: output).documentCount == 600)
  }
}
