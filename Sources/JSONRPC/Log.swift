import Foundation

/// The server's log: standard error only, because standard output carries the protocol.
///
/// The level comes from the `ECHOLENS_LOG` environment variable (`error`, `info`, `debug`; default `info`).
public enum Log {
  public enum Level: Int, Comparable, Sendable {
    case off = -1
    case error = 0
    case info = 1
    case debug = 2
    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  private static let lock = NSLock()
  private static let writeLock = NSLock()
  nonisolated(unsafe) private static var currentLevel: Level = {
    switch ProcessInfo.processInfo.environment["ECHOLENS_LOG"]?.lowercased() {
    case "error": return .error
    case "debug": return .debug
    case "off", "none": return .off
    default: return .info
    }
  }()

  /// The current level; in-process tests lower it to keep thousands of expected errors out of their output.
  public static var level: Level {
    get { lock.withLock { currentLevel } }
    set { lock.withLock { currentLevel = newValue } }
  }

  public static func error(_ message: @autoclosure () -> String) { if level >= .error { write(.error, message()) } }
  public static func info(_ message: @autoclosure () -> String) { if level >= .info { write(.info, message()) } }
  public static func debug(_ message: @autoclosure () -> String) { if level >= .debug { write(.debug, message()) } }

  private static func write(_ level: Level, _ message: String) {
    let line = "echolens [\(level)] \(message)\n"
    // The write lock is separate from the level lock so that a message built while logging cannot deadlock.
    writeLock.lock()
    defer { writeLock.unlock() }
    _ = FileDescriptor.writeAll(2, Data(line.utf8))
  }
}
