import Foundation
import TestSupport

/// A temporary workspace with a reference index built by the real CLI (`echolens index build`), as a user builds it.
final class FixtureWorkspace: @unchecked Sendable {
  let directory: TemporaryDirectory
  var root: String { directory.path }

  /// Two reference answers by `gpt-4`; the first is the one transcripts in the tests echo.
  static let photosynthesis =
    "Photosynthesis is the process by which green plants and some other organisms use sunlight to synthesize foods "
    + "from carbon dioxide and water. Photosynthesis in plants generally involves the green pigment chlorophyll and "
    + "generates oxygen as a byproduct of the reaction that converts light energy into chemical energy."
  static let waterCycle =
    "The water cycle describes how water evaporates from the surface of the earth, rises into the atmosphere, cools "
    + "and condenses into clouds, and falls again to the surface as precipitation that collects in rivers and oceans."

  init(withIndex: Bool = true) throws {
    directory = try TemporaryDirectory(prefix: "echolens-lsp")
    guard withIndex else { return }
    try buildIndex([
      ["id": "alpaca:1", "model": "gpt-4", "prompt": "Explain photosynthesis", "output": Self.photosynthesis],
      ["id": "alpaca:2", "model": "gpt-4", "prompt": "Describe the water cycle", "output": Self.waterCycle],
    ])
  }

  /// Writes `records` as the workspace's corpus and builds `.echolens/index/reference.eli` from it with the CLI.
  func buildIndex(_ records: [[String: String]]) throws {
    let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
    try directory.write("fixture.jsonl", lines.joined(separator: "\n") + "\n")
    try run(["index", "build", "fixture.jsonl", "-o", ".echolens/index/reference.eli"])
  }

  /// Runs the CLI in the workspace; throws unless it exits 0.
  func run(_ arguments: [String]) throws {
    guard let binary = ServerProcess.binary else { throw ServerProcess.TestFailure("no built echolens binary") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ServerProcess.TestFailure(
        "echolens \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
  }

  func uri(_ name: String) -> String { URL(fileURLWithPath: "\(root)/\(name)").absoluteString }

  /// A server started in the workspace with `options` as initializationOptions (a short debounce by default).
  func startServer(
    capabilities: JSONValueBuilder = .init(), options: [String: Any] = [:], environment: [String: String] = [:]
  ) throws -> ServerProcess {
    let server = try ServerProcess(workingDirectory: root, environment: environment)
    var settings: [String: Any] = ["debounceMilliseconds": 20]
    for (key, value) in options { settings[key] = value }
    try server.initialize(root: root, capabilities: capabilities.value, options: try JSONValueBuilder.json(settings))
    return server
  }
}
