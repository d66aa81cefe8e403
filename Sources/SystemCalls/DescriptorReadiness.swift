#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Waits until a descriptor that another process made non-blocking can be read or written again.
///
/// The status flags of a pipe belong to the pipe, not to one process: a client that spawns the language server
/// with a non-blocking pipe as its standard input or output (some editors' process libraries do) hands it a
/// descriptor on which `read` and `write` fail with `EAGAIN` whenever there is nothing to read or no room to write.
/// Taken as an error, the first quiet moment ended the server ("input closed without shutdown"). The read and
/// write loops wait here instead, as a blocking descriptor would have waited inside the call.
public enum DescriptorReadiness {
  public enum Direction: Sendable {
    case readable
    case writable
  }

  /// Whether `code` is the `errno` of a non-blocking descriptor that is not ready yet.
  public static func isNotReady(_ code: Int32) -> Bool { code == EAGAIN || code == EWOULDBLOCK }

  /// Blocks until `fd` is ready in `direction`, or reports end of stream or an error there (the next call then
  /// returns it); false only when `poll` itself fails, so that a caller never loops without waiting.
  public static func wait(_ fd: Int32, for direction: Direction) -> Bool {
    let events: Int16 = direction == .readable ? Int16(POLLIN) : Int16(POLLOUT)
    var request = pollfd(fd: fd, events: events, revents: 0)
    while true {
      if poll(&request, 1, -1) >= 0 { return true }
      if errno != EINTR { return false }
    }
  }
}
