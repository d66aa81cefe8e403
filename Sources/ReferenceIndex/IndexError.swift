/// Why an index file could not be opened, read or written; each case names the file at fault.
public enum IndexError: Error, CustomStringConvertible, Sendable {
  case cannotOpen(path: String, reason: String)
  case notAnIndex(path: String)
  case truncated(path: String, expectedBytes: Int, actualBytes: Int)
  case unsupportedFormatVersion(path: String, found: UInt32, supported: UInt32)
  case normalizerMismatch(path: String, found: UInt32, expected: UInt32)
  case corrupted(path: String, detail: String)
  /// The file was truncated or rewritten in place while it was open, so what was read from it cannot be trusted.
  case changedWhileReading(path: String)
  case incompatibleShards(detail: String)
  case noIndexFound(path: String)
  case buildFailed(detail: String)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "\(path): cannot open index: \(reason)"
    case .notAnIndex(let path):
      return "\(path): not an echolens index (bad magic number)"
    case .truncated(let path, let expected, let actual):
      return "\(path): index is truncated: expected at least \(expected) bytes, found \(actual)"
    case .unsupportedFormatVersion(let path, let found, let supported):
      return
        "\(path): index format version \(found) is not supported (this echolens reads version \(supported)); rebuild it with `echolens index build`"
    case .normalizerMismatch(let path, let found, let expected):
      return
        "\(path): index was built with normalisation rules version \(found), this echolens uses version \(expected); rebuild it with `echolens index build`"
    case .corrupted(let path, let detail):
      return "\(path): index is corrupted: \(detail); rebuild it with `echolens index build`"
    case .changedWhileReading(let path):
      return
        "\(path): the index file changed while it was being read (it was overwritten in place); run again, and "
        + "replace an index by renaming a new file over it (as `echolens index build -o` does)"
    case .incompatibleShards(let detail):
      return "index shards do not fit together: \(detail)"
    case .noIndexFound(let path):
      return "\(path): no index files (*.eli) found"
    case .buildFailed(let detail):
      return "index build failed: \(detail)"
    }
  }
}
