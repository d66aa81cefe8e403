#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory mapping of a whole regular file: the one mmap wrapper under the engine, used by the index
/// reader and the corpus reader alike.
///
/// Mapping, rather than reading, is what lets every editor and CLI process share one copy of a large index in the
/// page cache and open it in constant time, and what lets a build stream gigabytes of input with bounded memory.
/// The file is opened with `O_NONBLOCK` and must be a regular file, so a FIFO or device given by mistake is refused
/// at once instead of hanging. Bytes are read only through `bytes` (`MappedBytes`, bounds-checked). A file that
/// another program truncates while it is mapped cannot kill us (`MappingFaultGuard`); `wasReplaced` then says so.
public final class MappedFile: @unchecked Sendable {
  // @unchecked: the mapping never changes after init (only the fault guard may swap its pages for zeros), and
  // `MappingFaultGuard` locks its own table.
  public let path: String
  /// The file's size when it was opened.
  public let count: Int
  /// The bounds-checked bytes; valid while this object is alive.
  public let bytes: MappedBytes
  private let base: UnsafeMutableRawPointer?
  private let guardSlot: Int?

  /// How the file will be read, for the kernel's read-ahead.
  public enum Access: Sendable {
    /// Lookups at random places (an index).
    case random
    /// Front to back, once (a corpus input).
    case sequential
  }

  /// Opens and maps `path`.
  ///
  /// - Throws: `MappedFileError` when the file cannot be opened, is not a regular file, or cannot be mapped.
  public init(path: String, access: Access = .random) throws(MappedFileError) {
    self.path = path
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw MappedFileError(path: path, problem: .cannotOpen(errno: errno)) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw MappedFileError(path: path, problem: .cannotOpen(errno: errno)) }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw MappedFileError(path: path, problem: .notRegularFile(kind: SystemErrorText.kind(ofMode: info.st_mode)))
    }
    count = Int(info.st_size)
    guard count > 0 else {
      base = nil
      guardSlot = nil
      bytes = MappedBytes(base: nil, count: 0)
      return
    }
    let mapped = mmap(nil, count, PROT_READ, MAP_SHARED, fd, 0)
    guard let mapped, mapped != MAP_FAILED else {
      throw MappedFileError(path: path, problem: .cannotMap(errno: errno))
    }
    guard let slot = MappingFaultGuard.register(start: mapped, count: count) else {
      munmap(mapped, count)
      throw MappedFileError(path: path, problem: .tooManyMappings)
    }
    switch access {
    case .random: break  // the kernel's default read-ahead suits the index's mix of lookups and document reads
    case .sequential: _ = madvise(mapped, count, MADV_SEQUENTIAL)
    }
    base = mapped
    guardSlot = slot
    bytes = MappedBytes(base: UnsafeRawPointer(mapped), count: count)
  }

  deinit {
    if let guardSlot { MappingFaultGuard.unregister(guardSlot) }
    if let base { munmap(base, count) }
  }

  /// Whether the file shrank under the mapping and its pages were replaced by zeros (see `MappingFaultGuard`):
  /// what was read from it since cannot be trusted.
  public var wasReplaced: Bool { guardSlot.map(MappingFaultGuard.wasReplaced) ?? false }

  /// Gives back the resident pages wholly before `offset`, which the reader will not touch again, so a sequential
  /// read of a large file keeps bounded memory.
  public func release(upTo offset: Int) {
    guard let base else { return }
    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    let end = (min(offset, count) / pageSize) * pageSize
    if end > 0 { _ = madvise(base, end, MADV_DONTNEED) }
  }
}
