import SystemCalls
import TextProcessing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The documents' terms, in document order, kept in a temporary file until the tokens section is written.
///
/// The builder learns each document's terms while the strings section is streaming to the output, and one writer
/// writes one section at a time; holding every term in memory would break the build's memory limit (eight bytes per
/// token of the corpus), so they go to a file of their own beside the output and are read back, twice, when the
/// tokens section is written at the end. The file holds little-endian `UInt64`s; it is private to one build and
/// deleted afterwards.
final class TokenSpill {
  let path: String
  private let fd: Int32
  private var buffer: [UInt8] = []
  /// Terms written so far.
  private(set) var count = 0
  static let bufferSize = 1 << 20

  init(path: String) throws {
    self.path = path
    TemporaryFileRegistry.register(path)
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      TemporaryFileRegistry.unregister(path)
      throw IndexError.buildFailed(detail: "\(path): cannot create token file: \(SystemErrorText.words(for: errno))")
    }
    buffer.reserveCapacity(Self.bufferSize)
  }

  deinit {
    close(fd)
    unlink(path)
    TemporaryFileRegistry.unregister(path)
  }

  /// Appends one document's terms.
  func append(_ terms: [UInt64]) throws {
    #if _endian(little)
      terms.withUnsafeBytes { buffer.append(contentsOf: $0) }
    #else
      for term in terms { withUnsafeBytes(of: term.littleEndian) { buffer.append(contentsOf: $0) } }
    #endif
    if buffer.count >= Self.bufferSize { try flush() }
    count += terms.count
  }

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    if let code = buffer.withUnsafeBytes({ FileDescriptorWriting.writeAll(fd, $0) }) {
      throw IndexError.buildFailed(detail: "\(path): cannot write token file: \(SystemErrorText.words(for: code))")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Calls `body` with every term written, in order, read back from the file in chunks.
  func forEachTerm(_ body: (UInt64) throws -> Void) throws {
    try flush()
    var chunk = [UInt8](repeating: 0, count: Self.bufferSize)
    var remaining = count * 8
    var offset: off_t = 0
    while remaining > 0 {
      let n = min(remaining, chunk.count)
      var got = 0
      while got < n {
        let r = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, n - got, offset + off_t(got)) }
        if r < 0, errno == EINTR { continue }
        guard r > 0 else {
          throw IndexError.buildFailed(detail: "\(path): token file is shorter than written")
        }
        got += r
      }
      try chunk.withUnsafeBytes { raw in
        for i in 0..<(n / 8) {
          try body(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
        }
      }
      remaining -= n
      offset += off_t(n)
    }
  }
}
