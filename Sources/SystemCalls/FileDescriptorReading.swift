#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one loop that fills a buffer from a file descriptor at an offset: short reads continue, `EINTR` retries.
///
/// The index builder reads back its own temporary files (posting runs, the token file), where a file shorter than
/// what was written to it is damage; the loop tells that apart from a failed read so the message can say which.
public enum FileDescriptorReading {
  /// Why `readAll` could not fill its buffer.
  public enum Shortfall: Error, Equatable {
    /// The file ended first.
    case endOfFile
    /// A read failed with this `errno`.
    case failed(errno: Int32)
  }

  /// Fills `buffer` from `fd` starting at byte `offset` (`pread`, the file position stays); nil once it is full.
  public static func readAll(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Shortfall? {
    guard let base = buffer.baseAddress else { return nil }
    var got = 0
    while got < buffer.count {
      let n = pread(fd, base + got, buffer.count - got, off_t(offset + got))
      if n > 0 {
        got += n
      } else if n == 0 {
        return .endOfFile
      } else if errno != EINTR {
        return .failed(errno: errno)
      }
    }
    return nil
  }
}
