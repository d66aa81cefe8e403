#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one loop that writes a whole buffer to a file descriptor: short writes continue, `EINTR` retries.
///
/// It lives in `SystemCalls`, under both the engine and `JSONRPC`, so that the index builder, the evidence writer
/// and the server's standard output share it without JSON-RPC depending on the engine or the other way round.
public enum FileDescriptorWriting {
  /// Writes all of `bytes` to `fd`; returns nil on success, else the `errno` of the write that failed.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard let base = bytes.baseAddress else { return nil }
    var written = 0
    while written < bytes.count {
      let n = write(fd, base + written, bytes.count - written)
      if n > 0 {
        written += n
      } else if n < 0 && errno == EINTR {
        continue
      } else {
        return n < 0 ? errno : EIO
      }
    }
    return nil
  }

  /// Writes all of `bytes` to `fd` at byte `offset` (`pwrite`, the file position stays); returns nil on success,
  /// else the `errno` of the write that failed.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32? {
    guard let base = bytes.baseAddress else { return nil }
    var written = 0
    while written < bytes.count {
      let n = pwrite(fd, base + written, bytes.count - written, off_t(offset + written))
      if n > 0 {
        written += n
      } else if n < 0 && errno == EINTR {
        continue
      } else {
        return n < 0 ? errno : EIO
      }
    }
    return nil
  }
}
