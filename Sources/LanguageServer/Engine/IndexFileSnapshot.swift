import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the index paths of an engine named on disk when it was opened: enough to notice that a file was replaced,
/// rewritten, added or removed since.
///
/// `echolens index build` replaces an index by renaming a new file over the old one, which leaves the server's
/// mapping of the old file intact but stale; another tool may also rewrite the file in place. A `stat` of each path
/// (device, inode, size, modification time) every second is enough to see both, costs microseconds, and needs no
/// file-system notification API.
struct IndexFileSnapshot: Equatable, Sendable {
  /// One entry per path, and per `*.eli` file inside a path that is a folder, in a fixed order.
  private var entries: [Entry]

  private struct Entry: Equatable, Sendable {
    var path: String
    /// Nil when the path could not be examined (missing, for example).
    var device: UInt64?
    var inode: UInt64?
    var size: Int64?
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
  }

  /// The state of `paths` now.
  static func take(_ paths: [String]) -> IndexFileSnapshot {
    var entries: [Entry] = []
    for path in paths {
      entries.append(entry(path))
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
          $0.hasSuffix(".eli")
        }
        for name in names.sorted() { entries.append(entry((path as NSString).appendingPathComponent(name))) }
      }
    }
    return IndexFileSnapshot(entries: entries)
  }

  private static func entry(_ path: String) -> Entry {
    var info = stat()
    guard stat(path, &info) == 0 else {
      return Entry(
        path: path, device: nil, inode: nil, size: nil, modifiedSeconds: 0, modifiedNanoseconds: 0)
    }
    #if canImport(Darwin)
      let modified = info.st_mtimespec
    #else
      let modified = info.st_mtim
    #endif
    return Entry(
      path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
      modifiedSeconds: Int(modified.tv_sec), modifiedNanoseconds: Int(modified.tv_nsec))
  }
}
