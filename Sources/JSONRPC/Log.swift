import Foundation

/// The server's log: standard error only, because standard output carries the protocol.
///
/// The level comes from the `ECHOLENS_LOG` environment variable (`error`, `info`, `debug`; default `info`).
public enum Log {
  public enum Level: Int, Comparable, Sendable {
    case error = 0, info = 1, debug = 2
    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  public static let level: Level = {
    switch ProcessInfo.processInfo.environment["ECHOLENS_LOG"]?.lowercased() {
    case "error": return .error
    case "debug": return .debug
    default: return .info
    }
  }()

  private static let lock = NSLock()

  public static func error(_ message: @autoclosure () -> String) { write(.error, message()) }
  public static func info(_ message: @autoclosure () -> String) { if level >= .info { write(.info, message()) } }
  public static func debug(_ message: @autoclosure () -> String) { if level >= .debug { write(.debug, message()) } }

  private static func write(_ level: Level, _ message: String) {
    let line = "echolens [\(level)] \(message)\n"
    lock.lock()
    defer { lock.unlock() }
    _ = FileDescriptor.writeAll(2, Data(line.utf8))
  }
}
