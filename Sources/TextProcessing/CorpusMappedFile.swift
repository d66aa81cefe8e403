import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory mapping of one corpus input; all of the corpus reader's pointer work on files lives here.
///
/// Inputs can be gigabytes, so they are mapped rather than read into arrays, and the pages of each consumed part
/// are handed back to the kernel (`MADV_DONTNEED`) so that resident memory stays bounded by the batch size.
final class CorpusMappedFile {
  let path: String
  let byteCount: Int
  private let base: UnsafeMutableRawPointer?

  /// Maps `path`; throws a `CorpusProblem` naming the file when it cannot be opened or mapped.
  init(path: String) throws {
    self.path = path
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw CorpusProblem(file: path, line: 0, message: CorpusMappedFile.systemError("cannot open"))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw CorpusProblem(file: path, line: 0, message: CorpusMappedFile.systemError("cannot read file status"))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw CorpusProblem(file: path, line: 0, message: "not a regular file")
    }
    byteCount = Int(info.st_size)
    guard byteCount > 0 else {
      base = nil
      return
    }
    let mapped = mmap(nil, byteCount, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
      throw CorpusProblem(file: path, line: 0, message: CorpusMappedFile.systemError("cannot map"))
    }
    _ = madvise(mapped, byteCount, MADV_SEQUENTIAL)
    base = mapped
  }

  deinit {
    if let base { munmap(base, byteCount) }
  }

  /// Calls `body` with the whole file's bytes; the buffer is valid only inside `body`.
  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    guard let base else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
    return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: byteCount))
  }

  /// Drops the resident pages wholly before `offset`, which the reader will not touch again.
  func release(upTo offset: Int) {
    guard let base else { return }
    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    let end = (min(offset, byteCount) / pageSize) * pageSize
    if end > 0 { _ = madvise(base, end, MADV_DONTNEED) }
  }

  private static func systemError(_ what: String) -> String {
    "\(what): \(String(cString: strerror(errno)))"
  }
}
