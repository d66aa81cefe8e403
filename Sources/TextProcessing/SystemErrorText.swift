#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place that turns an `errno` or a file mode into words for a user.
///
/// Foundation's texts for the same failures mislead ("NSCocoaErrorDomain error 256" for a FIFO, "You don't have
/// permission" for a link loop), so every layer that speaks POSIX words its failures here.
public enum SystemErrorText {
  /// Plain words for `code`, lower-case so that they read well after a colon: `no such file`, `permission denied`.
  public static func words(for code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES, EPERM: return "permission denied"
    case ELOOP: return "a loop of symbolic links"
    case ENOTDIR: return "a part of the path is not a directory"
    case EISDIR: return "it is a directory"
    default:
      let text = String(cString: strerror(code))
      guard let first = text.first else { return "error \(code)" }
      return first.lowercased() + text.dropFirst()
    }
  }

  /// What a file of mode `mode` is, with its article: `a FIFO (named pipe)`, `a directory`.
  public static func kind(ofMode mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: return "a regular file"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFDIR: return "a directory"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "not a regular file"
    }
  }
}
