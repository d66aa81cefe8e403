import SystemCalls
import TextProcessing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A sorted run of postings spilled to a temporary file when the in-memory buffer reaches its share of `--memory`.
///
/// Runs are merged in one streaming pass at the end, so memory stays bounded however large the corpus is. The file
/// holds `Posting` values in host layout; it is private to one build and deleted afterwards.
final class PostingRun {
  let path: String
  let count: Int
  private var fd: Int32 = -1
  private var remaining: Int
  static let readChunk = 1 << 16

  /// Writes `postings` (already sorted) to `path`.
  init(path: String, postings: UnsafeBufferPointer<Posting>) throws {
    self.path = path
    count = postings.count
    remaining = postings.count
    TemporaryFileRegistry.register(path)
    let out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard out >= 0 else {
      throw IndexError.buildFailed(detail: "\(path): cannot create run file: \(SystemErrorText.words(for: errno))")
    }
    defer { close(out) }
    if let code = FileDescriptorWriting.writeAll(out, UnsafeRawBufferPointer(postings)) {
      throw IndexError.buildFailed(detail: "\(path): cannot write run file: \(SystemErrorText.words(for: code))")
    }
  }

  deinit {
    if fd >= 0 { close(fd) }
    unlink(path)
    TemporaryFileRegistry.unregister(path)
  }

  /// The next chunk of postings in order (at most `readChunk`), or an empty array at the end.
  func nextChunk() throws -> [Posting] {
    guard remaining > 0 else { return [] }
    if fd < 0 {
      fd = open(path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else {
        throw IndexError.buildFailed(detail: "\(path): cannot reopen run file: \(SystemErrorText.words(for: errno))")
      }
    }
    let n = min(Self.readChunk, remaining)
    var shortfall: FileDescriptorReading.Shortfall?
    let chunk = [Posting](unsafeUninitializedCapacity: n) { storage, initialized in
      let stride = MemoryLayout<Posting>.stride
      shortfall = FileDescriptorReading.readAll(
        fd, into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(storage)[..<(n * stride)]),
        at: (count - remaining) * stride)
      initialized = shortfall == nil ? n : 0
    }
    if let shortfall { throw shortfall.buildFailed(path: path, what: "run file") }
    remaining -= n
    return chunk
  }
}
