import SystemCalls

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a whole file so that it is never seen half-written: a temporary file beside it, `fsync`, then `rename`
/// over the old one.
///
/// Reports and calibrations went through Foundation's atomic write, whose errors read "The file doesn't exist" or
/// "You don't have permission" without saying which path or what really failed, and whose temporary file a
/// signal left behind. Here the temporary file is registered for removal on SIGINT and SIGTERM, and a failure is
/// the `errno` in plain words (`SystemErrorText`).
public enum ReplacingFileWrite {
  /// - Returns: nil on success, else what failed in plain words ("cannot create a file in out: permission denied").
  public static func write(_ bytes: [UInt8], to path: String) -> String? {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let temporary =
      (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return "cannot create a file in \(folder): \(SystemErrorText.words(for: errno))" }
    TemporaryFileRegistry.register(temporary)
    defer { TemporaryFileRegistry.unregister(temporary) }
    let failure = bytes.withUnsafeBytes { FileDescriptorWriting.writeAll(fd, $0) } ?? (fsync(fd) == 0 ? nil : errno)
    let closed = close(fd) == 0 ? nil : errno
    if let code = failure ?? closed {
      unlink(temporary)
      return "cannot write it: \(SystemErrorText.words(for: code))"
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      return "cannot put it in place: \(SystemErrorText.words(for: code))"
    }
    return nil
  }
}
