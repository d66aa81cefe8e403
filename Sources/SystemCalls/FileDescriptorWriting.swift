#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one loop that writes a whole buffer to a file descriptor: short writes continue, `EINTR` retries, and a
/// descriptor made non-blocking by another process is waited for (`DescriptorReadiness`) instead of failing.
///
/// It lives in `SystemCalls`, under both the engine and `JSONRPC`, so that the index builder, the evidence writer
/// and the server's standard output share it without JSON-RPC depending on the engine or the other way round.
public enum FileDescriptorWriting {
  /// Writes all of `bytes` to `fd`; returns nil on success, else the `errno` of the write that failed.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    writeAll(fd, bytes) { base, count, _ in write(fd, base, count) }
  }

  /// Writes all of `bytes` to `fd` at byte `offset` (`pwrite`, the file position stays); returns nil on success,
  /// else the `errno` of the write that failed.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32? {
    writeAll(fd, bytes) { base, count, written in pwrite(fd, base, count, off_t(offset + written)) }
  }

  /// The loop: `call(start, count, bytesWrittenSoFar)` writes some of what is left and returns the system call's
  /// result.
  private static func writeAll(
    _ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ call: (UnsafeRawPointer, Int, Int) -> Int
  ) -> Int32? {
    guard let base = bytes.baseAddress else { return nil }
    var written = 0
    while written < bytes.count {
      let n = call(base + written, bytes.count - written, written)
      if n > 0 {
        written += n
      } else if n < 0 && errno == EINTR {
        continue
      } else if n < 0 && DescriptorReadiness.isNotReady(errno) {
        let code = errno
        if !DescriptorReadiness.wait(fd, for: .writable) { return code }
      } else {
        return n < 0 ? errno : EIO
      }
    }
    return nil
  }
}
