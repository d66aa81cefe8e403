#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files that must be regular files: transcripts, identity lists.
///
/// The file is opened with `O_NONBLOCK` and checked with `fstat` before a byte is read, so a FIFO, a device or a
/// directory given by mistake is refused at once instead of hanging the scan; the size limit is applied to the
/// open file, not to a name that may have changed in between.
public enum RegularFile {
  /// The bytes of the regular file at `path`, at most `maxBytes` of them.
  ///
  /// - Throws: `FileReadError` naming the file: missing, unreadable, not a regular file, over the limit, or
  ///   shrinking while read.
  public static func read(_ path: String, maxBytes: Int = .max) throws(FileReadError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw FileReadError(path: path, problem: .system(errno: errno)) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileReadError(path: path, problem: .system(errno: errno)) }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw FileReadError(path: path, problem: .notRegularFile(kind: SystemErrorText.kind(ofMode: info.st_mode)))
    }
    let size = Int(info.st_size)
    guard size <= maxBytes else { throw FileReadError(path: path, problem: .tooLarge(bytes: size, limit: maxBytes)) }
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      initialized = 0
      while initialized < size {
        let n = readSome(fd, buffer.baseAddress! + initialized, size - initialized)
        if n > 0 {
          initialized += n
        } else if n == 0 {
          break
        } else if errno != EINTR {
          failure = errno
          break
        }
      }
    }
    if failure != 0 { throw FileReadError(path: path, problem: .system(errno: failure)) }
    guard bytes.count == size else {
      throw FileReadError(path: path, problem: .shrank(expected: size, read: bytes.count))
    }
    return bytes
  }

  /// The device and inode of what `path` names (links followed), or nil when it cannot be examined.
  public static func identity(of path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }
}

/// `read(2)`, under a name that the static `RegularFile.read` does not hide.
private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

/// What makes two paths the same file: device and inode, whatever the spelling, links or mounts.
public struct FileIdentity: Hashable, Sendable {
  public var device: UInt64
  public var inode: UInt64
}
