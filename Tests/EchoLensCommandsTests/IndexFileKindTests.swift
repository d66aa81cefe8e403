import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// An index path that is not a regular file is refused at once, in plain words, by every command that opens
/// indexes; it is never waited on (a FIFO used to hang `scan`, `index info` and `index verify` forever).
@Suite struct IndexFileKindTests {
  func echolens(_ arguments: [String], in directory: TemporaryDirectory) throws -> ProcessResult {
    try ProcessRunner.run(CLITests.binary, arguments, currentDirectory: directory.path, timeoutSeconds: 20)
  }

  @Test(arguments: [
    ["scan", "--index", "pipe.eli", "t.md"], ["index", "info", "pipe.eli"], ["index", "verify", "pipe.eli"],
  ])
  func aFIFOGivenAsIndexIsRefusedNotWaitedOn(arguments: [String]) throws {
    let dir = try TemporaryDirectory()
    #expect(mkfifo(dir.path + "/pipe.eli", 0o644) == 0)
    _ = try dir.write("t.md", CLITests.copied)
    let result = try echolens(arguments, in: dir)
    #expect(!result.timedOut && !result.terminatedBySignal)
    #expect(result.exitCode == 2)
    #expect(
      result.standardError
        == "echolens: error: pipe.eli: cannot open index: it is a FIFO (named pipe), not a regular file\n")
  }

  @Test func aFIFONamedLikeAnIndexInAnIndexFolderIsRefused() throws {
    let dir = try TemporaryDirectory()
    let built = try CLIFileTests().buildIndex(in: dir)
    try FileManager.default.createDirectory(atPath: dir.path + "/idx", withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: built, toPath: dir.path + "/idx/a.eli")
    #expect(mkfifo(dir.path + "/idx/b.eli", 0o644) == 0)
    _ = try dir.write("t.md", CLITests.copied)
    let result = try echolens(["scan", "--index", "idx", "t.md"], in: dir)
    #expect(!result.timedOut && result.exitCode == 2)
    #expect(
      result.standardError
        == "echolens: error: idx/b.eli: cannot open index: it is a FIFO (named pipe), not a regular file\n")
  }

  @Test func aFIFOAsABuildInputOrInAnInputFolderIsRefusedNotWaitedOn() throws {
    let dir = try TemporaryDirectory()
    #expect(mkfifo(dir.path + "/in.jsonl", 0o644) == 0)
    try dir.write("corpus/ok.jsonl", #"{"id": "a", "model": "m", "output": "\#(CLITests.copied)"}"# + "\n")
    #expect(mkfifo(dir.path + "/corpus/pipe.jsonl", 0o644) == 0)
    for (input, named) in [("in.jsonl", "in.jsonl"), ("corpus", "corpus/pipe.jsonl")] {
      let result = try echolens(["index", "build", input, "-o", "out.eli"], in: dir)
      #expect(!result.timedOut && !result.terminatedBySignal)
      #expect(result.exitCode == 2)
      #expect(result.standardError == "echolens: error: \(named): it is a FIFO (named pipe), not a regular file\n")
      #expect(!FileManager.default.fileExists(atPath: dir.path + "/out.eli"))
    }
  }

  @Test func aDirectoryOrADeviceGivenAsIndexFileSaysWhatItIs() throws {
    let dir = try TemporaryDirectory()
    let device = try echolens(["index", "info", "/dev/null"], in: dir)
    #expect(device.exitCode == 2)
    #expect(
      device.standardError
        == "echolens: error: /dev/null: cannot open index: it is a character device, not a regular file\n")
  }
}
