import Foundation
import JSONRPC
import TestSupport
import Testing
import TextProcessing

/// The server with a panel and a calibration in the workspace's conventional places, over real stdio frames.
@Suite struct CalibrationServerTests {
  /// Independent answers by three other models, in their own words, to the same two prompts and to fillers.
  static func buildPanelAndCalibration(in workspace: FixtureWorkspace) throws {
    var lines: [String] = []
    for model in ["falcon", "dolly", "llama"] {
      let answers: [(String, String)] = [
        ("Explain photosynthesis", "Plants turn light into sugar; \(model) thinks leaves are little factories."),
        (
          "Describe the water cycle",
          "Rain falls, rivers run to the sea, and the sun lifts the water again, says \(model)."
        ),
      ]
      for (i, (prompt, output)) in answers.enumerated() {
        let data = try JSONSerialization.data(
          withJSONObject: ["id": "q\(i)", "model": model, "prompt": prompt, "output": output], options: [.sortedKeys])
        lines.append(String(decoding: data, as: UTF8.self))
      }
    }
    try workspace.directory.write("panel.jsonl", lines.joined(separator: "\n") + "\n")
    try workspace.run(["index", "build", "panel.jsonl", "-o", ".echolens/background/panel.eli"])
    try workspace.run([
      "calibrate", "--index", ".echolens/index", "--background", ".echolens/background", "-o",
      ".echolens/calibration.json",
    ])
  }

  @Test func diagnosticsSayTheyAreCalibratedWhenTheWorkspaceHasACalibration() throws {
    let workspace = try FixtureWorkspace()
    try Self.buildPanelAndCalibration(in: workspace)
    // The tiny panel bounds E-values at "once in the panel", so the threshold is raised for the test.
    let server = try workspace.startServer(options: ["maxEValue": 0.5])
    let uri = workspace.uri("t.txt")
    server.open(uri, text: "Quoted: " + FixtureWorkspace.photosynthesis + "\n")
    // Echoes only: a client without code lenses also gets the file summary as a diagnostic.
    let diagnostics = try server.diagnostics(for: uri).filter { $0["code"] == .string("echo") }
    try #require(diagnostics.count == 1)
    let message = diagnostics[0]["message"]?.stringValue ?? ""
    #expect(message.contains("; calibrated: none of 6 independent answers had a passage this strong; expected about"))
    // indexInfo names the calibration the odds rest on, with its digest and its self-check, as evidence does.
    let info = try server.call("workspace/executeCommand", .object(["command": .string("echolens.indexInfo")]))
    let calibration = try #require(info["result"]?["calibration"])
    let file = try #require(FileManager.default.contents(atPath: workspace.root + "/.echolens/calibration.json"))
    #expect(calibration["sha256"] == .string(SHA256.hash(Array(file)).map { String(format: "%02x", $0) }.joined()))
    #expect(calibration["nullAnswers"] == .integer(6))
    #expect(
      calibration["selfCheck"]?["halves"]
        == .array([.array([.string("dolly"), .string("llama")]), .array([.string("falcon")])]))
    #expect(try server.shutdownAndExit() == 0)
  }

  /// In a chat log, an answer to a prompt the panel never answered is calibrated on answers to other prompts: its
  /// diagnostic and hover say so, and it counts one step weaker, while the same copy answering a prompt the panel
  /// answered does not.
  @Test func anAnswerToAPromptThePanelNeverAnsweredSaysSoInItsDiagnosticAndHover() throws {
    let workspace = try FixtureWorkspace()
    try Self.buildPanelAndCalibration(in: workspace)
    let server = try workspace.startServer(options: ["maxEValue": 0.5])
    let uri = workspace.uri("chat.jsonl")
    var lines: [String] = []
    for prompt in ["Explain photosynthesis", "What do leaves do all day?"] {
      let data = try JSONSerialization.data(
        withJSONObject: ["prompt": prompt, "output": "Quoted: " + FixtureWorkspace.photosynthesis],
        options: [.sortedKeys])
      lines.append(String(decoding: data, as: UTF8.self))
    }
    server.open(uri, text: lines.joined(separator: "\n") + "\n", languageID: "jsonl")
    let published = try server.diagnostics(for: uri)
    let echoes = published.filter { $0["code"] == .string("echo") }
    // This client has no code lenses, so the file summary is a diagnostic; it counts the marked passage too.
    let summary = published.first { $0["code"] == .string("summary") }?["message"]?.stringValue ?? ""
    #expect(summary.contains("2 echoed passages (1 on a prompt the panel never answered)"), "\(summary)")
    try #require(echoes.count == 2, "\(echoes)")
    let byLine = echoes.sorted {
      ($0["range"]?["start"]?["line"]?.intValue ?? 0) < ($1["range"]?["start"]?["line"]?.intValue ?? 0)
    }
    let answered = byLine[0]["message"]?.stringValue ?? ""
    let unanswered = byLine[1]["message"]?.stringValue ?? ""
    #expect(answered.contains("; calibrated: ") && !answered.contains("none to this prompt"), "\(answered)")
    #expect(unanswered.contains("independent answers, none to this prompt, had a passage this strong"), "\(unanswered)")
    // One step weaker can only lower the severity (error 1 ... hint 4).
    let severities = byLine.map { $0["severity"]?.intValue ?? 0 }
    #expect(severities[1] >= severities[0])
    let start = try #require(byLine[1]["range"]?["start"])
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": start]))
    let hoverText = hover["result"]?["contents"]?["value"]?.stringValue ?? ""
    #expect(hoverText.contains("none to this prompt"), "\(hoverText)")
    #expect(try server.shutdownAndExit() == 0)
  }

  /// A file of another kind, or a calibration whose fit was changed after `calibrate` wrote it (its prompted null's
  /// decay, as a flipped digit would change it), is reported once and not used.
  @Test(arguments: [false, true])
  func aForeignOrChangedCalibrationIsReportedOnceAndNothingIsScannedWithWrongEValues(changed: Bool) throws {
    let workspace = try FixtureWorkspace()
    try Self.buildPanelAndCalibration(in: workspace)
    let path = workspace.directory.path + "/.echolens/calibration.json"
    if changed {
      let data = try #require(FileManager.default.contents(atPath: path))
      var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      var prompted = try #require(object["prompted"] as? [String: Any])
      var tail = try #require(prompted["tail"] as? [String: Any])
      tail["lambda"] = (tail["lambda"] as? Double ?? 0) + 1
      prompted["tail"] = tail
      object["prompted"] = prompted
      try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    } else {
      try workspace.directory.write(".echolens/calibration.json", "{\"something\": \"else\"}\n")
    }
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: "Quoted: " + FixtureWorkspace.photosynthesis + "\n")
    let shown = try server.notification("window/showMessage")
    let text = shown["params"]?["message"]?.stringValue ?? ""
    let expected =
      changed
      ? "calibration.json: calibration file is damaged: the prompted null has a fitted tail"
      : "calibration.json: not an echolens calibration file"
    #expect(text.contains(expected), "\(text)")
    #expect(try server.shutdownAndExit() == 0)
  }
}
