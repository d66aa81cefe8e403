#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few POSIX calls the writer needs, each turning a failure into an `EvidenceWriterError` that names the path.
///
/// Foundation's file APIs replace files silently and follow links; the writer needs `O_EXCL`, `link` and `lstat`,
/// so it speaks POSIX directly, in this one place.
enum FileSystemCalls {
  enum Kind { case missing, directory, symbolicLink, other }

  static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

  static func kind(of path: String) throws -> Kind {
    var info = stat()
    if lstat(path, &info) != 0 {
      if errno == ENOENT { return .missing }
      throw EvidenceWriterError.io(operation: "lstat", path: path, reason: errorText(errno))
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFLNK: return .symbolicLink
    default: return .other
    }
  }

  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  /// The canonical absolute path (links and `..` resolved) of an existing `path`.
  static func realPath(_ path: String) throws -> String {
    guard let resolved = realpath(path, nil) else {
      throw EvidenceWriterError.io(operation: "resolve", path: path, reason: errorText(errno))
    }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Creates directory `path`; true when it was created, false when something already exists there.
  static func makeDirectory(_ path: String) throws -> Bool {
    if mkdir(path, 0o755) == 0 { return true }
    if errno == EEXIST { return false }
    throw EvidenceWriterError.io(operation: "create directory", path: path, reason: errorText(errno))
  }

  /// Writes `bytes` to a new file `path` (which must not exist) and flushes it to disk.
  static func writeNewFile(_ path: String, _ bytes: [UInt8]) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw EvidenceWriterError.io(operation: "create", path: path, reason: errorText(errno)) }
    defer { close(fd) }
    var written = 0
    while written < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
      if n < 0 {
        if errno == EINTR { continue }
        throw EvidenceWriterError.io(operation: "write", path: path, reason: errorText(errno))
      }
      written += n
    }
    guard fsync(fd) == 0 else {
      throw EvidenceWriterError.io(operation: "fsync", path: path, reason: errorText(errno))
    }
  }

  /// Gives the complete file `temporary` the name `final` unless `final` exists; false when it does.
  ///
  /// A hard link fails with `EEXIST` instead of replacing, so the check and the rename are one atomic step. On file
  /// systems without hard links the final name is first claimed with `O_EXCL` and then replaced by `rename`.
  static func linkWithoutReplacing(_ temporary: String, to final: String) throws -> Bool {
    if link(temporary, final) == 0 {
      unlink(temporary)
      return true
    }
    let code = errno
    if code == EEXIST { return false }
    guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK, ENOSYS].contains(code) else {
      throw EvidenceWriterError.io(operation: "link", path: final, reason: errorText(code))
    }
    let claim = open(final, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    if claim < 0 {
      if errno == EEXIST { return false }
      throw EvidenceWriterError.io(operation: "create", path: final, reason: errorText(errno))
    }
    close(claim)
    guard rename(temporary, final) == 0 else {
      throw EvidenceWriterError.io(operation: "rename", path: final, reason: errorText(errno))
    }
    return true
  }

  static func remove(_ path: String) { unlink(path) }

  /// Flushes a directory's entries, so the new names survive a crash as well as the contents do.
  static func syncDirectory(_ path: String) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }

  static var processID: Int32 { getpid() }
}
