import Dispatch
import SystemCalls
import TextProcessing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered, append-only writer of the index's temporary output file that checksums each section as it goes.
///
/// The builder streams sections of unknown size (the stored texts, the merged postings) straight to disk, so the
/// checksum and the section table are computed while writing rather than by reading the file back. Full buffers
/// are written by a `BackgroundFileWriter`, beside the build.
final class SectionWriter {
  let path: String
  let fd: Int32
  var buffer: [UInt8] = []
  /// Bytes written to the file or waiting in `buffer`.
  private(set) var position: Int = 0
  var sectionStart = 0
  var hasher = XXHash64()
  static let bufferSize = 1 << 20
  /// After this many bytes, the written data is handed to the disk in the background (`fdatasync` on a queue of its
  /// own) while the build goes on: a large index is otherwise written out only by the final `fsync`, which then
  /// held a 1 GiB build idle for about two seconds.
  static let backgroundSyncBytes = 256 << 20
  private let background: BackgroundFileWriter

  init(path: String) throws {
    self.path = path
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw IndexError.buildFailed(detail: "\(path): cannot create: \(SystemErrorText.words(for: errno))")
    }
    background = BackgroundFileWriter(
      fd: fd, label: "echolens.index-writer", bufferCapacity: Self.bufferSize, syncEvery: Self.backgroundSyncBytes)
    buffer = background.emptyBuffer()
  }

  deinit {
    // No background write or sync may outlive the descriptor (a later file could reuse its number).
    _ = background.drain()
    close(fd)
  }

  func write(_ bytes: UnsafeRawBufferPointer) throws {
    hasher.update(bytes)
    position += bytes.count
    if buffer.count + bytes.count > Self.bufferSize { try flush() }
    // A write larger than a buffer gets a buffer of its own, in order with the others.
    buffer.append(contentsOf: bytes)
  }

  func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

  func write<T: FixedWidthInteger>(integer value: T) throws {
    try withUnsafeBytes(of: value.littleEndian) { try write($0) }
  }

  /// Starts a section at the next multiple of 8 bytes.
  func beginSection() throws {
    let padding = (8 - position % 8) % 8
    if padding > 0 {
      // Padding belongs to no section, so it goes to the buffer without touching the checksum.
      position += padding
      buffer.append(contentsOf: repeatElement(0, count: padding))
    }
    sectionStart = position
    hasher = XXHash64()
  }

  /// Ends the current section and returns its table entry.
  func endSection() -> SectionEntry {
    SectionEntry(offset: UInt64(sectionStart), length: UInt64(position - sectionStart), checksum: hasher.finalize())
  }

  /// Hands the buffer to the background writer; throws when an earlier write failed.
  func flush() throws {
    guard !buffer.isEmpty else { return }
    if let code = background.enqueue(buffer) { throw writeFailed(code) }
    buffer = background.emptyBuffer()
  }

  /// Flushes and waits until everything is written.
  private func drain() throws {
    try flush()
    if let code = background.drain() { throw writeFailed(code) }
  }

  private func writeFailed(_ code: Int32) -> IndexError {
    .buildFailed(detail: "\(path): write failed: \(SystemErrorText.words(for: code))")
  }

  /// Writes `bytes` at `offset` without moving the append position (for the header, last).
  func overwrite(_ bytes: [UInt8], at offset: Int) throws {
    try drain()
    let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, off_t(offset)) }
    guard n == bytes.count else {
      throw IndexError.buildFailed(detail: "\(path): header write failed: \(SystemErrorText.words(for: errno))")
    }
  }

  /// Flushes, forces the data to disk and closes, so the rename that follows publishes a complete file.
  func finish() throws {
    try drain()
    guard fsync(fd) == 0 else {
      throw IndexError.buildFailed(detail: "\(path): fsync failed: \(SystemErrorText.words(for: errno))")
    }
  }
}
