import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Files of every kind, refused or read, never hung on; temporary files never left behind; the corpus never
/// replaced by its index. The CLI as a user runs it.
@Suite struct CLIFileTests {
  /// Runs the CLI with a deadline, so that a regression that waits on a FIFO fails the test instead of hanging it.
  func echolens(_ arguments: [String], in directory: TemporaryDirectory) throws -> ProcessResult {
    let result = try ProcessRunner.run(
      CLITests.binary, arguments, currentDirectory: directory.path, timeoutSeconds: 60)
    #expect(!result.timedOut, "echolens \(arguments.joined(separator: " ")) hung and was killed after 60 s")
    return result
  }

  /// A small index, built with the CLI, in `directory/ref.eli`.
  func buildIndex(in directory: TemporaryDirectory) throws -> String {
    let corpus = try directory.write(
      "corpus.jsonl", #"{"id": "a", "model": "m", "output": "\#(CLITests.otherAnswers.joined(separator: " "))"}"# + "\n"
    )
    let built = try echolens(["index", "build", corpus, "-o", "ref.eli", "--quiet"], in: directory)
    #expect(built.exitCode == 0, "\(built.standardError)")
    return directory.path + "/ref.eli"
  }

  func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

  @Test func aFIFOOrALinkLoopIsOneErrorLineAndTheScanGoesOn() throws {
    let dir = try TemporaryDirectory()
    let index = try buildIndex(in: dir)
    try dir.write("chats/ok.md", "A note of my own.\n")
    #expect(mkfifo(dir.path + "/chats/pipe.md", 0o644) == 0)
    #expect(mkfifo(dir.path + "/named.md", 0o644) == 0)
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/loop-a.md", withDestinationPath: "loop-b.md")
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/loop-b.md", withDestinationPath: "loop-a.md")
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/chats/up", withDestinationPath: "../chats")
    let scan = try echolens(["scan", "--index", index, "chats", "named.md", "loop-a.md"], in: dir)
    #expect(scan.exitCode == 2)
    #expect(
      lines(scan.standardOutput) == [
        "chats/ok.md: no passages; 5 words scanned",
        "chats/pipe.md: error: cannot read: it is a FIFO (named pipe), not a regular file",
        "chats/up: error: not walked: this folder leads back to one that contains it (a loop)",
        "named.md: error: cannot read: it is a FIFO (named pipe), not a regular file",
        "loop-a.md: error: cannot read: a loop of symbolic links",
        "echolens: 5 files, 0 passages in 0 files, 4 errors",
      ])
  }

  @Test func aFIFOAsIdentityListIsRefusedNotWaitedOn() throws {
    let dir = try TemporaryDirectory()
    let index = try buildIndex(in: dir)
    let transcript = try dir.write("t.md", "hello\n")
    #expect(mkfifo(dir.path + "/ids.json", 0o644) == 0)
    let result = try echolens(["scan", "--index", index, "--identities", "ids.json", transcript], in: dir)
    #expect(result.exitCode == 2)
    #expect(
      result.standardError == "echolens: error: ids.json: cannot read: it is a FIFO (named pipe), not a regular file\n")
  }

  /// A folder without read permission inside a scanned folder was skipped silently; now it is an error line. Run
  /// as an unprivileged user (through `setpriv` when the tests run as root, who may read anything).
  @Test func anUnreadableFolderInAWalkIsOneErrorLineAndExitTwo() throws {
    let dir = try TemporaryDirectory()
    let index = try buildIndex(in: dir)
    try dir.write("chats/ok.md", "A note of my own.\n")
    try dir.write("chats/locked/secret.md", "Never read.\n")
    #expect(chmod(dir.path, 0o755) == 0)
    #expect(chmod(dir.path + "/chats/locked", 0o000) == 0)
    defer { chmod(dir.path + "/chats/locked", 0o755) }
    var command = [CLITests.binary, "scan", "--index", index, "chats"]
    if geteuid() == 0 { command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command }
    let result = try ProcessRunner.run(command[0], Array(command.dropFirst()), currentDirectory: dir.path)
    #expect(result.exitCode == 2, "\(result.standardError)")
    #expect(
      lines(result.standardOutput) == [
        "chats/locked: error: cannot read folder: permission denied",
        "chats/ok.md: no passages; 5 words scanned",
        "echolens: 2 files, 0 passages in 0 files, 1 error",
      ])
  }

  @Test func anOutputThatIsOneOfTheInputsIsRefusedAndTheCorpusKept() throws {
    let dir = try TemporaryDirectory()
    let line =
      #"{"id": "a", "model": "m", "output": "Some reference text to index, long enough to hold seeds."}"# + "\n"
    let corpus = try dir.write("corpus.jsonl", line)
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/alias.jsonl", withDestinationPath: "corpus.jsonl")
    for output in ["corpus.jsonl", "./alias.jsonl", corpus] {
      let result = try echolens(["index", "build", "corpus.jsonl", "-o", output, "--quiet"], in: dir)
      #expect(result.exitCode == 2)
      #expect(
        result.standardError
          == "echolens: error: index build failed: the output \(output) is the input corpus.jsonl; refusing to replace an input with the index\n"
      )
      #expect(try String(contentsOfFile: corpus, encoding: .utf8) == line)
    }
    // The same for a file found inside an input folder.
    let folder = try echolens(["index", "build", ".", "-o", "corpus.jsonl", "--quiet"], in: dir)
    #expect(folder.exitCode == 2)
    #expect(try String(contentsOfFile: corpus, encoding: .utf8) == line)
  }

  @Test func reportAndCalibrationOutputsThatNameAnInputAreRefusedAndTheInputKept() throws {
    let dir = try TemporaryDirectory()
    let reference =
      #"{"id": "r", "model": "gpt-4", "prompt": "Q", "output": "Some reference text to index, long enough to hold seeds."}"#
      + "\n"
    let answer = #"{"id": "a", "model": "panel-model", "prompt": "Q", "output": "An answer of its own words."}"# + "\n"
    try dir.write("reference.jsonl", reference)
    let panel = try dir.write("panel.jsonl", answer)
    let suspect = try dir.write("suspect.jsonl", answer.replacingOccurrences(of: "panel-model", with: "suspect"))
    #expect(try echolens(["index", "build", "reference.jsonl", "-o", "ref.eli", "--quiet"], in: dir).exitCode == 0)
    #expect(try echolens(["index", "build", "panel.jsonl", "-o", "panel.eli", "--quiet"], in: dir).exitCode == 0)
    let index = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/ref.eli"))
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/alias.jsonl", withDestinationPath: "suspect.jsonl")
    for output in ["suspect.jsonl", "./alias.jsonl", panel] {
      let result = try echolens(
        ["report", "--index", "ref.eli", "--panel", "panel.jsonl", "--output", output, "suspect.jsonl"], in: dir)
      #expect(result.exitCode == 2)
      let input = output == panel ? "panel.jsonl" : "suspect.jsonl"
      #expect(
        result.standardError
          == "echolens: error: the output \(output) is the input \(input); refusing to replace an input with the report\n"
      )
    }
    #expect(
      try String(contentsOfFile: suspect, encoding: .utf8)
        == answer.replacingOccurrences(of: "panel-model", with: "suspect"))
    #expect(try String(contentsOfFile: panel, encoding: .utf8) == answer)
    // A calibration written over the reference index (found inside the folder given as --index) is refused too.
    try FileManager.default.createDirectory(atPath: dir.path + "/idx", withIntermediateDirectories: false)
    #expect(rename(dir.path + "/ref.eli", dir.path + "/idx/ref.eli") == 0)
    let calibrate = try echolens(
      ["calibrate", "--index", "idx", "--background", "panel.eli", "-o", "idx/ref.eli"], in: dir)
    #expect(calibrate.exitCode == 2)
    #expect(calibrate.standardError.hasSuffix("refusing to replace an input with the calibration\n"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/idx/ref.eli")) == index)
  }

  @Test func aReportOrCalibrationThatCannotBeWrittenSaysWhereAndWhyAndLeavesNothing() throws {
    let dir = try TemporaryDirectory()
    let reference =
      #"{"id": "r", "model": "gpt-4", "prompt": "Q", "output": "Some reference text to index, long enough to hold seeds."}"#
    try dir.write("reference.jsonl", reference + "\n")
    try dir.write("panel.jsonl", #"{"id": "a", "model": "p", "prompt": "Q", "output": "Words of its own."}"# + "\n")
    try dir.write("suspect.jsonl", #"{"id": "a", "model": "s", "prompt": "Q", "output": "Other words."}"# + "\n")
    #expect(try echolens(["index", "build", "reference.jsonl", "-o", "ref.eli", "--quiet"], in: dir).exitCode == 0)
    #expect(try echolens(["index", "build", "panel.jsonl", "-o", "panel.eli", "--quiet"], in: dir).exitCode == 0)
    let report = try echolens(
      ["report", "--index", "ref.eli", "--panel", "panel.jsonl", "--output", "missing/report.txt", "suspect.jsonl"],
      in: dir)
    #expect(report.exitCode == 2)
    #expect(
      report.standardError
        == "echolens: error: missing/report.txt: cannot write the report: cannot create a file in missing: no such file\n"
    )
    let calibrate = try echolens(
      ["calibrate", "--index", "ref.eli", "--background", "panel.eli", "-o", "missing/calibration.json"], in: dir)
    #expect(calibrate.exitCode == 2)
    #expect(calibrate.standardError.hasSuffix("cannot create a file in missing: no such file\n"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        == ["panel.eli", "panel.jsonl", "ref.eli", "reference.jsonl", "suspect.jsonl"])
    // Written where it can be: the report is there, and no temporary file beside it.
    #expect(
      try echolens(
        ["report", "--index", "ref.eli", "--panel", "panel.jsonl", "--output", "report.txt", "suspect.jsonl"], in: dir
      ).exitCode == 0)
    #expect(try String(contentsOfFile: dir.path + "/report.txt", encoding: .utf8).hasPrefix("verdict: "))
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: dir.path)).contains { $0.contains(".tmp-") })
  }

  /// SIGTERM or SIGINT in the middle of a build (with spilled runs) removes every temporary file and ends the
  /// process by that signal.
  @Test(arguments: [SIGTERM, SIGINT])
  func anInterruptedBuildLeavesNoTemporaryFile(signalNumber: Int32) throws {
    let dir = try TemporaryDirectory()
    var generator = SeededGenerator(seed: 11)
    var corpus = ""
    for i in 0..<40_000 {
      let words = (0..<40).map { _ in "w\(generator.next() % 5000)" }.joined(separator: " ")
      corpus += #"{"id": "\#(i)", "model": "m", "output": "\#(words)"}"# + "\n"
    }
    try dir.write("input/corpus.jsonl", corpus)
    try FileManager.default.createDirectory(atPath: dir.path + "/out", withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLITests.binary)
    process.arguments = ["index", "build", "input/corpus.jsonl", "-o", "out/ref.eli", "--memory", "16M", "--quiet"]
    process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out").isEmpty, Date() < deadline {
      usleep(1000)
    }
    kill(process.processIdentifier, signalNumber)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(process.terminationStatus == signalNumber)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out") == [])
  }
}
