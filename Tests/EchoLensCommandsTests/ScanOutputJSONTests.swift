import EchoLensCommands
import Foundation
import Testing

@Suite struct ScanOutputJSONTests {
  func render() throws -> [String: Any] {
    let output = try ScanOutput.render(ScanOutputFixtures.files, run: ScanOutputFixtures.run, format: .json)
    return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
  }

  @Test func describesFilesPassagesSummariesParametersAndIndexes() throws {
    let json = try render()
    #expect(json["schemaVersion"] as? Int == 1)
    let files = try #require(json["files"] as? [[String: Any]])
    #expect(files.map { $0["status"] as? String } == ["scanned", "scanned", "error"])
    #expect(files[2]["error"] as? String == "permission denied")
    let passages = try #require(files[0]["passages"] as? [[String: Any]])
    #expect(passages.map { $0["kind"] as? String } == ["echo", "self-identification"])
    let start = try #require((passages[0]["range"] as? [String: Any])?["start"] as? [String: Int])
    #expect(start == ["line": 3, "utf8Column": 9, "scalarColumn": 8])
    #expect(files[0]["counts"] as? [String: Int] == ["echo": 1, "self-identification": 1, "common-text": 0])
    let summary = try #require(json["summary"] as? [String: Int])
    #expect(
      summary == [
        "fileCount": 3, "scannedFileCount": 2, "errorFileCount": 1, "filesWithFindings": 1, "passageCount": 2,
      ])
    let parameters = try #require(json["parameters"] as? [String: Any])
    #expect(parameters["kinds"] as? [String] == ["echo", "self-identification"])
    #expect((json["indexes"] as? [[String: Any]])?.first?["identity"] as? String == "0123456789abcdef")
  }

  @Test func isDeterministicAndMatchesTheCommittedFixture() throws {
    let a = try ScanOutputJSON().render(ScanOutputFixtures.files, run: ScanOutputFixtures.run)
    let b = try ScanOutputJSON().render(ScanOutputFixtures.files, run: ScanOutputFixtures.run)
    #expect(a == b)
    #expect(try ScanOutputFixtures.matchesCommittedFixture(a, "scan.json"))
  }
}
