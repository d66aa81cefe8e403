/// Why a file could not be mapped, in plain words that name the file and, for a file that is not a regular file,
/// what it is instead.
public struct MappedFileError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Problem: Sendable, Hashable {
    /// `open` or `fstat` failed with this `errno`.
    case cannotOpen(errno: Int32)
    /// The path names a FIFO, a directory, a device or a socket: reading it could block forever or mean nothing.
    case notRegularFile(kind: String)
    /// `mmap` failed with this `errno`.
    case cannotMap(errno: Int32)
    /// Every slot of the fault guard is taken (see `MappingFaultGuard.capacity`).
    case tooManyMappings
  }

  public var path: String
  public var problem: Problem

  /// The reason without the path, for callers that put the path elsewhere in their own message.
  public var reason: String {
    switch problem {
    case .cannotOpen(let code): return SystemErrorText.words(for: code)
    case .notRegularFile(let kind): return "it is \(kind), not a regular file"
    case .cannotMap(let code): return "cannot map it into memory: \(SystemErrorText.words(for: code))"
    case .tooManyMappings:
      return "too many files are mapped at once (at most \(MappingFaultGuard.capacity))"
    }
  }

  public var description: String { "\(path): \(reason)" }
}
