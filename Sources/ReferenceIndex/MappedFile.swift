#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory mapping of a whole file: the one place in the index that holds a raw pointer.
///
/// Mapping, rather than reading, is what lets every editor and CLI process share one copy of a large index in the
/// page cache and open it in constant time. All access goes through `withBytes`, which bounds-checks, so no pointer
/// escapes this type.
public final class MappedFile: @unchecked Sendable {
  // @unchecked: the mapping is read-only and never changes after init, so sharing it between threads is safe.
  let base: UnsafeRawPointer?
  public let count: Int
  public let path: String

  public init(path: String) throws {
    self.path = path
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw IndexError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw IndexError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw IndexError.cannotOpen(path: path, reason: "not a regular file")
    }
    count = Int(info.st_size)
    if count == 0 {
      base = nil
      return
    }
    let mapped = mmap(nil, count, PROT_READ, MAP_SHARED, fd, 0)
    guard let mapped, mapped != MAP_FAILED else {
      throw IndexError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    base = UnsafeRawPointer(mapped)
  }

  deinit {
    if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
  }

  /// Calls `body` with the bytes `range` of the file; the buffer is valid only inside `body`.
  @inline(__always)
  public func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "mapped read out of bounds")
    guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    return try body(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
  }

  /// Reads a little-endian integer at `offset`; the caller has checked that it lies inside the file.
  @inline(__always)
  func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T {
    precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count, "mapped read out of bounds")
    return T(littleEndian: base!.loadUnaligned(fromByteOffset: offset, as: T.self))
  }
}
