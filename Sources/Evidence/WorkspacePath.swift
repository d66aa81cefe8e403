import Foundation

/// Lexical path helpers: absolute and workspace-relative spellings of a path, without touching the disk.
///
/// Containment checks that must resist symlinks live in `EvidenceWriter`; these only decide how a path is shown.
package enum WorkspacePath {
  /// `path` without `.` components, repeated or trailing slashes, and with `..` folded where possible.
  package static func standardized(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      if part == "..", absolute { continue }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
  }

  /// `path` made absolute against `base` (an absolute path) and standardized.
  package static func absolute(_ path: String, relativeTo base: String) -> String {
    standardized(path.hasPrefix("/") ? path : base + "/" + path)
  }

  /// `path` relative to `root` when it lies inside it (both absolute and standardized), else nil.
  package static func relative(_ path: String, to root: String) -> String? {
    if path == root { return "." }
    let prefix = root == "/" ? "/" : root + "/"
    guard path.hasPrefix(prefix) else { return nil }
    return String(path.dropFirst(prefix.count))
  }
}
