import Foundation
import JSONRPC
import TestSupport
import Testing

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
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func aForeignCalibrationIsReportedOnceAndNothingIsScannedWithWrongEValues() throws {
    let workspace = try FixtureWorkspace()
    try Self.buildPanelAndCalibration(in: workspace)
    try workspace.directory.write(".echolens/calibration.json", "{\"something\": \"else\"}\n")
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: "Quoted: " + FixtureWorkspace.photosynthesis + "\n")
    let shown = try server.notification("window/showMessage")
    let text = shown["params"]?["message"]?.stringValue ?? ""
    #expect(text.contains("calibration.json: not an echolens calibration file"), "\(text)")
    #expect(try server.shutdownAndExit() == 0)
  }
}
