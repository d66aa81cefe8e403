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
/// token of the corpus), so they go to a file of their own beside the output. When the tokens section is written at
/// the end, one pass turns the terms into their codes in the same file (`recode`), and the codes are then copied
/// into the section (`copyCodes`). The file holds little-endian `UInt64`s, then the codes; it is private to one
/// build and deleted afterwards.
final class TokenSpill {
  let path: String
  private let fd: Int32
  private var buffer: [UInt8] = []
  /// Writes the full buffers while the build goes on (`BackgroundFileWriter`).
  private let background: BackgroundFileWriter
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
    background = BackgroundFileWriter(fd: fd, label: "echolens.index-token-file", bufferCapacity: Self.bufferSize)
    buffer = background.emptyBuffer()
  }

  deinit {
    _ = background.drain()
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
    if let code = background.enqueue(buffer) { throw writeFailed(code) }
    buffer = background.emptyBuffer()
  }

  private func writeFailed(_ code: Int32) -> IndexError {
    .buildFailed(detail: "\(path): cannot write token file: \(SystemErrorText.words(for: code))")
  }

  /// Replaces the terms with their codes in one pass, and returns the codes' length in bytes.
  ///
  /// `encode` gets the terms in order, a chunk at a time, and appends their codes to the array it is given; each
  /// chunk's codes are written back into the file right after the codes before them. A code is at most as long as
  /// the eight bytes of the term it stands for (`TokenCoding.maxCodeBytes` is 7), so the codes never reach terms
  /// that have not been read yet: one file, one read of the terms and no second copy of them in memory.
  func recode(_ encode: (UnsafeBufferPointer<UInt64>, inout [UInt8]) throws -> Void) throws -> Int {
    try flush()
    if let code = background.drain() { throw writeFailed(code) }
    var chunk = [UInt64](repeating: 0, count: Self.bufferSize / 8)
    var codes: [UInt8] = []
    codes.reserveCapacity(Self.bufferSize)
    var remaining = count
    var readOffset = 0
    var writeOffset = 0
    while remaining > 0 {
      let n = min(remaining, chunk.count)
      try chunk.withUnsafeMutableBytes {
        try readAll(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<(n * 8)]), at: readOffset)
      }
      #if !_endian(little)
        for i in 0..<n { chunk[i] = UInt64(littleEndian: chunk[i]) }
      #endif
      codes.removeAll(keepingCapacity: true)
      try chunk.withUnsafeBufferPointer { try encode(UnsafeBufferPointer(rebasing: $0[..<n]), &codes) }
      guard writeOffset + codes.count <= readOffset + n * 8 else {
        throw IndexError.buildFailed(detail: "\(path): a token's code is longer than its term")
      }
      if let code = codes.withUnsafeBytes({ FileDescriptorWriting.writeAll(fd, $0, at: writeOffset) }) {
        throw IndexError.buildFailed(detail: "\(path): cannot write token file: \(SystemErrorText.words(for: code))")
      }
      writeOffset += codes.count
      readOffset += n * 8
      remaining -= n
    }
    return writeOffset
  }

  /// Passes the first `length` bytes of the file (the codes, after `recode`) to `write`, in chunks.
  func copyCodes(length: Int, to write: (UnsafeRawBufferPointer) throws -> Void) throws {
    var chunk = [UInt8](repeating: 0, count: Self.bufferSize)
    var offset = 0
    while offset < length {
      let n = min(length - offset, chunk.count)
      try chunk.withUnsafeMutableBytes { buffer in
        let part = UnsafeMutableRawBufferPointer(rebasing: buffer[..<n])
        try readAll(into: part, at: offset)
        try write(UnsafeRawBufferPointer(part))
      }
      offset += n
    }
  }

  private func readAll(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
    if let shortfall = FileDescriptorReading.readAll(fd, into: buffer, at: offset) {
      throw shortfall.buildFailed(path: path, what: "token file")
    }
  }
}
