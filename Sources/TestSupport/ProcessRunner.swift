import Foundation

/// What a finished child process printed and how it exited.
public struct ProcessResult: Sendable {
  /// The exit status, or the signal number when `terminatedBySignal`.
  public var exitCode: Int32
  public var standardOutput: String
  public var standardError: String
  /// Whether the child died of a signal (a trap, SIGBUS, or the kill of a timeout) instead of exiting.
  public var terminatedBySignal = false
  /// Whether the child was killed because it ran past the timeout given to `run`.
  public var timedOut = false
}

/// Runs a built executable (the `echolens` binary) the way a user or CI would, for end-to-end tests.
///
/// Output goes to temporary files rather than pipes, so a child that writes a lot to both streams can never block
/// on a full pipe while the test waits for it to exit.
public enum ProcessRunner {
  /// The path of the built `echolens` binary: `ECHOLENS_BIN` if set, else `<package>/.build/debug/echolens`.
  public static func echolensBinaryPath(file: StaticString = #filePath) -> String {
    if let path = ProcessInfo.processInfo.environment["ECHOLENS_BIN"], !path.isEmpty { return path }
    return packageRoot(file: file) + "/.build/debug/echolens"
  }

  /// The package root, found from a source file's path (`<root>/Sources/…` or `<root>/Tests/…`).
  public static func packageRoot(file: StaticString = #filePath) -> String {
    var url = URL(fileURLWithPath: "\(file)")
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.path + "/Package.swift") { return url.path }
    }
    return FileManager.default.currentDirectoryPath
  }

  /// Runs `executable` with `arguments`, feeding it `standardInput`, and waits for it to exit.
  public static func run(
    _ executable: String, _ arguments: [String], standardInput: String = "", currentDirectory: String? = nil,
    environment: [String: String]? = nil, timeoutSeconds: Double? = nil
  ) throws -> ProcessResult {
    let scratch = try TemporaryDirectory(prefix: "echolens-process")
    let inputPath = try scratch.write("stdin", standardInput)
    let outputPath = try scratch.write("stdout", "")
    let errorPath = try scratch.write("stderr", "")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    if let environment { process.environment = environment }
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    let error = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let timedOut = TimeoutFlag()
    if let timeoutSeconds {
      DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds) { [process] in
        guard process.isRunning else { return }
        timedOut.set()
        process.terminate()
      }
    }
    process.waitUntilExit()
    try output.close()
    try error.close()
    return ProcessResult(
      exitCode: process.terminationStatus,
      standardOutput: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outputPath)), as: UTF8.self),
      standardError: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errorPath)), as: UTF8.self),
      terminatedBySignal: process.terminationReason == .uncaughtSignal, timedOut: timedOut.isSet)
  }
}

/// Set once by the timeout's timer, read after the child exited.
private final class TimeoutFlag: @unchecked Sendable {
  // @unchecked: `value` is only touched under `lock`.
  private let lock = NSLock()
  private var value = false

  func set() {
    lock.lock()
    value = true
    lock.unlock()
  }

  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
