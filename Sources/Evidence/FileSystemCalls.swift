import SystemCalls
import TextProcessing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few POSIX calls the writer needs, each turning a failure into an `EvidenceWriterError` that names the path.
///
/// Foundation's file APIs replace files silently and follow links; the writer needs `O_EXCL`, `linkat` and, above
/// all, names resolved relative to a directory descriptor (`openat`, `mkdirat`, `unlinkat`), so that no link or
/// rename made by another process between two calls can redirect a write. It speaks POSIX directly, in this one
/// place.
enum FileSystemCalls {
  static func errorText(_ code: Int32) -> String { SystemErrorText.words(for: code) }

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

  /// Opens the directory `path` (links followed: this is the workspace root the user chose).
  static func openDirectory(_ path: String) throws -> Int32 {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw EvidenceWriterError.io(operation: "open", path: path, reason: errorText(errno)) }
    return fd
  }

  /// What opening the entry `name` of directory `parent` as a directory, without following a link, found.
  enum Child {
    case directory(Int32)
    case symbolicLink
    case notADirectory
  }

  /// Opens (creating it when missing) the sub-directory `name` of `parent`, never through a link.
  ///
  /// - Parameter path: the entry's path, for messages.
  static func openChildDirectory(_ parent: Int32, _ name: String, path: String) throws -> Child {
    if mkdirat(parent, name, 0o755) != 0, errno != EEXIST {
      throw EvidenceWriterError.io(operation: "create directory", path: path, reason: errorText(errno))
    }
    let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    if fd >= 0 { return .directory(fd) }
    let code = errno
    guard code == ELOOP || code == ENOTDIR else {
      throw EvidenceWriterError.io(operation: "open", path: path, reason: errorText(code))
    }
    var info = stat()
    guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
      throw EvidenceWriterError.io(operation: "examine", path: path, reason: errorText(errno))
    }
    return info.st_mode & S_IFMT == S_IFLNK ? .symbolicLink : .notADirectory
  }

  /// Writes `bytes` to the new file `name` in `directory` (it must not exist) and flushes it to disk.
  static func writeNewFile(_ directory: Int32, _ name: String, _ bytes: [UInt8], path: String) throws {
    let fd = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw EvidenceWriterError.io(operation: "create", path: path, reason: errorText(errno)) }
    defer { close(fd) }
    if let code = bytes.withUnsafeBytes({ FileDescriptorWriting.writeAll(fd, $0) }) {
      throw EvidenceWriterError.io(operation: "write", path: path, reason: errorText(code))
    }
    guard fsync(fd) == 0 else {
      throw EvidenceWriterError.io(operation: "fsync", path: path, reason: errorText(errno))
    }
  }

  /// Gives the complete file `temporary` the name `final` in `directory` unless `final` exists; false when it does.
  ///
  /// A hard link fails with `EEXIST` instead of replacing, so the check and the rename are one atomic step. On file
  /// systems without hard links the final name is first claimed with `O_EXCL` and then replaced by `renameat`.
  static func linkWithoutReplacing(_ directory: Int32, _ temporary: String, to final: String, path: String) throws
    -> Bool
  {
    if linkat(directory, temporary, directory, final, 0) == 0 {
      unlinkat(directory, temporary, 0)
      return true
    }
    let code = errno
    if code == EEXIST { return false }
    guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK, ENOSYS].contains(code) else {
      throw EvidenceWriterError.io(operation: "link", path: path, reason: errorText(code))
    }
    let claim = openat(directory, final, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    if claim < 0 {
      if errno == EEXIST { return false }
      throw EvidenceWriterError.io(operation: "create", path: path, reason: errorText(errno))
    }
    close(claim)
    guard renameat(directory, temporary, directory, final) == 0 else {
      throw EvidenceWriterError.io(operation: "rename", path: path, reason: errorText(errno))
    }
    return true
  }

  static func remove(_ directory: Int32, _ name: String) { unlinkat(directory, name, 0) }

  /// Flushes a directory's entries, so the new names survive a crash as well as the contents do.
  static func syncDirectory(_ directory: Int32) { fsync(directory) }

  static var processID: Int32 { getpid() }
}
