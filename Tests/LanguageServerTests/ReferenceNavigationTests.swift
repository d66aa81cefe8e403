import Foundation
import JSONRPC
import TestSupport
import Testing

/// The reference one keystroke away: definitions, related information that opens, the reference text served by
/// `echolens/referenceDocument`, and `echolens.compare`, against the built binary.
@Suite(.serialized) struct ReferenceNavigationTests {
  func open(_ workspace: FixtureWorkspace, encoding: String = "utf-16") throws -> (ServerProcess, String) {
    let capabilities = try JSONValueBuilder(["general": ["positionEncodings": [encoding]]])
    let server = try workspace.startServer(capabilities: capabilities)
    let uri = workspace.uri("t.txt")
    server.open(uri, text: HoverAndCodeActionTests.edited)
    return (server, uri)
  }

  /// The range of the passage's match in the reference, computed here from the fixture text.
  static func referenceRange(lastWord: String) -> JSONValue {
    let text = FixtureWorkspace.photosynthesis
    let end = text.range(of: lastWord).map { text.distance(from: text.startIndex, to: $0.upperBound) } ?? -1
    return .object(["start": .position(0, 0), "end": .position(0, end)])
  }

  @Test func definitionIsTheMatchedRegionOfTheReferenceAndItsTextIsServed() throws {
    let workspace = try FixtureWorkspace()
    let (server, uri) = try open(workspace)
    let reply = try server.call(
      "textDocument/definition", .object(["textDocument": .document(uri), "position": .position(0, 20)]))
    let location = try #require(reply["result"]?[0])
    #expect(reply["result"]?[1] == nil)
    let target = try #require(location["uri"]?.stringValue)
    #expect(target.hasPrefix("echolens-index:///") && target.hasSuffix("/alpaca:1"))
    // The transcript stops at "chlorophyll", so the match does too.
    #expect(location["range"] == Self.referenceRange(lastWord: "chlorophyll"))
    let document = try server.call("echolens/referenceDocument", .object(["uri": .string(target)]))
    #expect(document["result"]?["text"] == .string(FixtureWorkspace.photosynthesis))
    #expect(document["result"]?["documentID"] == .string("alpaca:1"))
    #expect(document["result"]?["model"] == .string("gpt-4"))
    #expect(document["result"]?["prompt"] == .string("Explain photosynthesis"))
    // The same link without the answer's number (as typed, or kept from elsewhere) opens it by its id.
    let parts = target.split(separator: "/", omittingEmptySubsequences: false)
    let idOnly = parts.dropLast(2).joined(separator: "/") + "/" + parts[parts.count - 1]
    #expect(idOnly.hasPrefix("echolens-index:///") && idOnly.split(separator: "/").count == 3, "\(idOnly)")
    let byID = try server.call("echolens/referenceDocument", .object(["uri": .string(idOnly)]))
    #expect(byID["result"]?["text"] == .string(FixtureWorkspace.photosynthesis))
    let unknown = try server.call(
      "echolens/referenceDocument", .object(["uri": .string(parts.dropLast(2).joined(separator: "/") + "/no-such-id")]))
    #expect(unknown["error"]?["code"] == .integer(-32803), "\(unknown)")
    let outside = try server.call(
      "textDocument/definition", .object(["textDocument": .document(uri), "position": .position(0, 2)]))
    #expect(outside["result"] == .null)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func relatedInformationSelectsTheMatchInTheReference() throws {
    let workspace = try FixtureWorkspace()
    let (server, uri) = try open(workspace)
    let diagnostic = try #require(try server.diagnostics(for: uri).first)
    let related = try #require(diagnostic["relatedInformation"]?[0]?["location"])
    #expect(related["range"] == Self.referenceRange(lastWord: "chlorophyll"))
    let document = try server.call("echolens/referenceDocument", .object(["uri": related["uri"] ?? .null]))
    #expect(document["result"]?["text"] == .string(FixtureWorkspace.photosynthesis))
    #expect(try server.shutdownAndExit() == 0)
  }

  /// A panel index (MT-bench and the like) gives every model's answer to a prompt the prompt's id, so an id alone
  /// does not name a reference: the link must open the answer that matched, not the first with that id.
  @Test func linksOpenTheMatchedAnswerWhereSeveralModelsShareItsID() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    try workspace.buildIndex([
      ["id": "bench:1", "model": "gpt-4", "prompt": "Explain", "output": FixtureWorkspace.waterCycle],
      ["id": "bench:1", "model": "claude-v1", "prompt": "Explain", "output": FixtureWorkspace.photosynthesis],
    ])
    let (server, uri) = try open(workspace)
    let reply = try server.call(
      "textDocument/definition", .object(["textDocument": .document(uri), "position": .position(0, 20)]))
    let location = try #require(reply["result"]?[0])
    #expect(location["range"] == Self.referenceRange(lastWord: "chlorophyll"))
    let target = try #require(location["uri"]?.stringValue)
    let document = try server.call("echolens/referenceDocument", .object(["uri": .string(target)]))
    #expect(document["result"]?["model"] == .string("claude-v1"))
    #expect(document["result"]?["text"] == .string(FixtureWorkspace.photosynthesis))
    let diagnostic = try #require(try server.diagnostics(for: uri).first)
    #expect(diagnostic["relatedInformation"]?[0]?["location"] == location)
    // A number whose answer has another id names nothing.
    let forged = target.replacingOccurrences(of: "/bench:1", with: "/bench:2")
    let refused = try server.call("echolens/referenceDocument", .object(["uri": .string(forged)]))
    #expect(refused["error"]?["code"] == .integer(-32803))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func badReferenceURIsAreClearErrors() throws {
    let workspace = try FixtureWorkspace()
    let (server, _) = try open(workspace)
    let malformed = try server.call("echolens/referenceDocument", .object(["uri": .string("file:///etc/passwd")]))
    #expect(malformed["error"]?["code"] == .integer(-32602))
    #expect(malformed["error"]?["message"]?.stringValue?.contains("echolens-index:///") == true)
    let unknown = try server.call(
      "echolens/referenceDocument", .object(["uri": .string("echolens-index:///0123456789abcdef/alpaca:1")]))
    #expect(unknown["error"]?["code"] == .integer(-32803))
    #expect(unknown["error"]?["message"]?.stringValue?.contains("alpaca:1") == true)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test(arguments: ["utf-16", "utf-8"])
  func compareGivesBothSidesAndTheirDifferences(encoding: String) throws {
    let workspace = try FixtureWorkspace()
    let (server, uri) = try open(workspace, encoding: encoding)
    let reply = try server.call(
      "workspace/executeCommand",
      .object([
        "command": .string("echolens.compare"),
        "arguments": .array([.object(["uri": .string(uri), "position": .position(0, 20)])]),
      ]))
    let result = try #require(reply["result"])
    #expect(result["passage"]?["uri"] == .string(uri))
    #expect(result["passage"]?["text"]?.stringValue?.hasPrefix("Photosynthesis is the process") == true)
    #expect(result["reference"]?["range"] == Self.referenceRange(lastWord: "chlorophyll"))
    #expect(result["reference"]?["documentID"] == .string("alpaca:1"))
    // The matched part of the reference, read again from the index (findings keep no excerpts).
    let photosynthesis = FixtureWorkspace.photosynthesis
    let matched = photosynthesis[..<(photosynthesis.range(of: "chlorophyll")?.upperBound ?? photosynthesis.endIndex)]
    #expect(result["reference"]?["excerpt"] == .string(String(matched)))
    // The one difference: "synthesize" in the reference, "make" in the transcript (all ASCII, so both encodings
    // count the same columns).
    let transcript = HoverAndCodeActionTests.edited
    let make =
      transcript.utf8.count - (transcript.range(of: "make").map { transcript[$0.lowerBound...] }?.utf8.count ?? 0)
    let reference = FixtureWorkspace.photosynthesis
    let synthesize =
      reference.utf8.count - (reference.range(of: "synthesize").map { reference[$0.lowerBound...] }?.utf8.count ?? 0)
    #expect(
      result["differences"]
        == .array([
          .object([
            "kind": "substitute",
            "transcript": .object(["start": .position(0, make), "end": .position(0, make + 4)]),
            "reference": .object(["start": .position(0, synthesize), "end": .position(0, synthesize + 10)]),
          ])
        ]))
    let nothing = try server.call(
      "workspace/executeCommand",
      .object([
        "command": .string("echolens.compare"),
        "arguments": .array([.object(["uri": .string(uri), "position": .position(0, 2)])]),
      ]))
    #expect(nothing["error"]?["code"] == .integer(-32803))
    #expect(try server.shutdownAndExit() == 0)
  }
}
