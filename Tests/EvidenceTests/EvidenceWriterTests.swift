import Evidence
import Foundation
import TestSupport
import Testing

@Suite struct EvidenceWriterTests {
  func names(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
  }

  @Test func writesJSONAndMarkdownIntoTheDefaultFolderAndLeavesNoTemporaryFiles() throws {
    let workspace = try TemporaryDirectory()
    let report = try EvidenceFixtures.report(root: workspace.path)
    let output = try EvidenceWriter(workspaceRoot: workspace.path).write(report)
    let real = try #require(
      realpath(workspace.path, nil).map { p in
        defer { free(p) }
        return String(cString: p)
      })
    let folder = real + "/.echolens/evidence"
    let stem = "chat_log.md-20240506T070809Z-\(report.reportDigest!.prefix(12))"
    #expect(output.jsonPath == "\(folder)/\(stem).json")
    #expect(output.markdownPath == "\(folder)/\(stem).md")
    #expect(try names(in: folder) == ["\(stem).json", "\(stem).md"])
    #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: output.jsonPath))) == report.fileJSON())
    let markdown = try String(contentsOfFile: output.markdownPath, encoding: .utf8)
    #expect(markdown == EvidenceMarkdownRenderer.render(report))
    #expect(try EvidenceReport.verify(jsonBytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: output.jsonPath)))))
  }

  @Test func neverOverwritesAnEarlierReport() throws {
    let workspace = try TemporaryDirectory()
    let writer = EvidenceWriter(workspaceRoot: workspace.path, folder: "evidence")
    let report = try EvidenceFixtures.report(root: workspace.path)
    let first = try writer.write(report)
    let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first.jsonPath))
    let second = try writer.write(report, markdown: "second\n")
    let third = try writer.write(report, markdown: "third\n")
    #expect(second.jsonPath.hasSuffix("-2.json"))
    #expect(third.markdownPath.hasSuffix("-3.md"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: first.jsonPath)) == firstBytes)
    #expect(try String(contentsOfFile: first.markdownPath, encoding: .utf8) == EvidenceMarkdownRenderer.render(report))
    #expect(try String(contentsOfFile: second.markdownPath, encoding: .utf8) == "second\n")
    #expect(try names(in: workspace.path + "/evidence").count == 6)
  }

  @Test func aFileSquattingTheJSONNameIsKeptAndANewNameChosen() throws {
    let workspace = try TemporaryDirectory()
    let report = try EvidenceFixtures.report(root: workspace.path)
    let stem = EvidenceWriter.stem(for: report)
    _ = try workspace.write("evidence/\(stem).json", "precious")
    let output = try EvidenceWriter(workspaceRoot: workspace.path, folder: "evidence").write(report)
    #expect(output.jsonPath.hasSuffix("\(stem)-2.json"))
    #expect(try String(contentsOfFile: workspace.path + "/evidence/\(stem).json", encoding: .utf8) == "precious")
    // The Markdown claimed for the first name was given back, not left orphaned.
    #expect(!FileManager.default.fileExists(atPath: workspace.path + "/evidence/\(stem).md"))
  }

  @Test func refusesParentComponents() throws {
    let workspace = try TemporaryDirectory()
    let report = try EvidenceFixtures.report(root: workspace.path)
    for folder in ["../outside", "evidence/../../x", "a/.."] {
      #expect(throws: EvidenceWriterError.parentComponent(path: folder)) {
        try EvidenceWriter(workspaceRoot: workspace.path, folder: folder).write(report)
      }
    }
  }

  @Test func refusesALinkThatLeadsOutOfTheWorkspace() throws {
    let workspace = try TemporaryDirectory()
    let outside = try TemporaryDirectory()
    try FileManager.default.createSymbolicLink(atPath: workspace.path + "/.echolens", withDestinationPath: outside.path)
    let report = try EvidenceFixtures.report(root: workspace.path)
    do {
      try EvidenceWriter(workspaceRoot: workspace.path).write(report)
      Issue.record("a write through a link to \(outside.path) succeeded")
    } catch let error as EvidenceWriterError {
      guard case .outsideWorkspace(let path, _, _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(path.hasSuffix("/.echolens"))
      #expect(error.description.contains("outside the workspace"))
    }
    #expect(try names(in: outside.path).isEmpty)
  }

  @Test func followsALinkThatStaysInsideTheWorkspace() throws {
    let workspace = try TemporaryDirectory()
    try FileManager.default.createDirectory(atPath: workspace.path + "/real", withIntermediateDirectories: false)
    try FileManager.default.createSymbolicLink(atPath: workspace.path + "/alias", withDestinationPath: "real")
    let report = try EvidenceFixtures.report(root: workspace.path)
    let output = try EvidenceWriter(workspaceRoot: workspace.path, folder: "alias/evidence").write(report)
    #expect(output.jsonPath.contains("/real/evidence/"))
    #expect(try names(in: workspace.path + "/real/evidence").count == 2)
  }

  @Test func refusesAnAbsoluteFolderOutsideTheWorkspace() throws {
    let workspace = try TemporaryDirectory()
    let outside = try TemporaryDirectory()
    let report = try EvidenceFixtures.report(root: workspace.path)
    #expect(throws: EvidenceWriterError.self) {
      try EvidenceWriter(workspaceRoot: workspace.path, folder: outside.path).write(report)
    }
    #expect(try names(in: outside.path).isEmpty)
    let inside = try EvidenceWriter(workspaceRoot: workspace.path, folder: workspace.path + "/abs").write(report)
    #expect(inside.jsonPath.contains("/abs/"))
  }

  @Test func aFileInTheWayIsNamed() throws {
    let workspace = try TemporaryDirectory()
    _ = try workspace.write(".echolens", "not a folder")
    let report = try EvidenceFixtures.report(root: workspace.path)
    do {
      try EvidenceWriter(workspaceRoot: workspace.path).write(report)
      Issue.record("wrote through a file")
    } catch let error as EvidenceWriterError {
      #expect(error.description.contains("/.echolens exists and is not a directory"))
    }
  }

  @Test func aMissingWorkspaceIsNamed() throws {
    let report = try EvidenceFixtures.report()
    #expect(throws: EvidenceWriterError.workspaceUnusable(path: "/no/such/root", reason: "not an existing directory")) {
      try EvidenceWriter(workspaceRoot: "/no/such/root").write(report)
    }
  }

  @Test func concurrentWritersNeverShareAName() async throws {
    let workspace = try TemporaryDirectory()
    let report = try EvidenceFixtures.report(root: workspace.path)
    let writer = EvidenceWriter(workspaceRoot: workspace.path, folder: "evidence")
    let paths = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<8 { group.addTask { try writer.write(report).jsonPath } }
      return try await group.reduce(into: [String]()) { $0.append($1) }
    }
    #expect(Set(paths).count == 8)
    #expect(try names(in: workspace.path + "/evidence").count == 16)
  }
}
