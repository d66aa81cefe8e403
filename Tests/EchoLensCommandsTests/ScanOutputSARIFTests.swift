import EchoLensCommands
import Foundation
import Testing

@Suite struct ScanOutputSARIFTests {
  func run() throws -> [String: Any] {
    let output = try ScanOutput.render(ScanOutputFixtures.files, run: ScanOutputFixtures.run, format: .sarif)
    let log = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    return try #require((log["runs"] as? [[String: Any]])?.first)
  }

  @Test func hasOneRulePerFindingKind() throws {
    let driver = try #require(((try run())["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "echolens")
    #expect(driver["version"] as? String == "0.1.0")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.map { $0["id"] as? String } == ["echo", "self-identification", "common-text"])
  }

  @Test func resultsCarryRegionsInLinesColumnsAndBytes() throws {
    let run = try run()
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 2)
    let echo = results[0]
    #expect(echo["ruleId"] as? String == "echo")
    #expect(echo["ruleIndex"] as? Int == 0)
    #expect(echo["level"] as? String == "warning")
    let location = try #require((echo["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "chats/voil%C3%A0.md")
    let region = try #require(location["region"] as? [String: Any])
    let marked = ScanOutputFixtures.marked
    #expect(region["startLine"] as? Int == 3)
    #expect(region["startColumn"] as? Int == 8)
    #expect(region["endLine"] as? Int == 3)
    #expect(
      region["endColumn"] as? Int == 8 + "The quick brown fox jumps over the lazy dog near the river bank today".count)
    #expect(region["byteOffset"] as? Int == marked["1️⃣"])
    #expect(region["byteLength"] as? Int == marked["2️⃣"] - marked["1️⃣"])
    let related = try #require(echo["relatedLocations"] as? [[String: Any]])
    #expect(related.count == 2)
    #expect((related[0]["logicalLocations"] as? [[String: Any]])?.first?["name"] as? String == "alpaca:123")
    #expect((echo["partialFingerprints"] as? [String: String])?["echolensPassage/v1"]?.count == 32)
  }

  @Test func unreadableFilesAreExecutionNotifications() throws {
    let invocation = try #require((try run()["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    #expect((notes.first?["message"] as? [String: Any])?["text"] as? String == "chats/locked.md: permission denied")
  }

  @Test func matchesTheCommittedFixture() throws {
    let output = try ScanOutputSARIF().render(ScanOutputFixtures.files, run: ScanOutputFixtures.run)
    #expect(try ScanOutputFixtures.matchesCommittedFixture(output, "scan.sarif"))
  }
}
