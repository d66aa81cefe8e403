import Foundation
import SystemCalls

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Raw reads and writes on standard input and output.
///
/// `FileHandle.write` traps on a closed pipe; a language server whose editor went away should log and end, not
/// crash. SIGPIPE is ignored by `ignoreBrokenPipe()` so that such a write returns EPIPE instead.
public enum FileDescriptor {
  /// Writes every byte of `data` to `fd` (through the one write loop, `FileDescriptorWriting`); false when the
  /// descriptor is closed or broken.
  @discardableResult
  public static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
    data.withUnsafeBytes { FileDescriptorWriting.writeAll(fd, $0) } == nil
  }

  /// Reads up to `capacity` bytes; nil at end of stream or on an error other than EINTR. A descriptor that the
  /// client made non-blocking is waited for (`DescriptorReadiness`): no data yet is not the end of the stream.
  public static func read(_ fd: Int32, capacity: Int = 1 << 16) -> [UInt8]? {
    var buffer = [UInt8](repeating: 0, count: capacity)
    while true {
      let n = buffer.withUnsafeMutableBytes { raw in
        #if canImport(Glibc)
          Glibc.read(fd, raw.baseAddress, capacity)
        #else
          Darwin.read(fd, raw.baseAddress, capacity)
        #endif
      }
      if n > 0 { return Array(buffer[0..<n]) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 && DescriptorReadiness.isNotReady(errno) && DescriptorReadiness.wait(fd, for: .readable) { continue }
      return nil
    }
  }

  public static func ignoreBrokenPipe() { signal(SIGPIPE, SIG_IGN) }
}
