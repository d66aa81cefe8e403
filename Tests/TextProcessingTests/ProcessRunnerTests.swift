import Foundation
import TestSupport
import Testing

@Suite struct ProcessRunnerTests {
  @Test func capturesBothStreamsAndTheExitCode() throws {
    let result = try ProcessRunner.run(
      "/bin/sh", ["-c", "cat; echo err >&2; exit 3"], standardInput: "café 😀\n")
    #expect(result.exitCode == 3)
    #expect(result.standardOutput == "café 😀\n")
    #expect(result.standardError == "err\n")
  }

  @Test func findsThePackageRoot() {
    let root = ProcessRunner.packageRoot()
    #expect(FileManager.default.fileExists(atPath: root + "/Package.swift"))
    #expect(ProcessRunner.echolensBinaryPath().hasSuffix("/echolens"))
  }
}
