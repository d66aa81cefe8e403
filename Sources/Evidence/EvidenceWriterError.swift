import Foundation

/// Why a report could not be written; each case names the path at fault so the user can fix it.
public enum EvidenceWriterError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
  /// The workspace root does not exist or is not a directory.
  case workspaceUnusable(path: String, reason: String)
  /// The evidence folder has a `..` component; refused before touching the disk.
  case parentComponent(path: String)
  /// The folder, or a link on the way to it, leads outside the workspace.
  case outsideWorkspace(path: String, resolved: String, workspace: String)
  /// A component of the folder exists and is not a directory.
  case notADirectory(path: String)
  /// A system call failed.
  case io(operation: String, path: String, reason: String)
  /// Every candidate name was taken (more than the counter allows for one second).
  case noFreeName(folder: String, stem: String)

  public var description: String {
    switch self {
    case .workspaceUnusable(let path, let reason):
      return "cannot write evidence: workspace root \(path) is unusable: \(reason)"
    case .parentComponent(let path):
      return "refusing to write evidence to \(path): the folder must not contain '..'"
    case .outsideWorkspace(let path, let resolved, let workspace):
      return "refusing to write evidence to \(path): it resolves to \(resolved), outside the workspace \(workspace)"
    case .notADirectory(let path):
      return "cannot write evidence: \(path) exists and is not a directory"
    case .io(let operation, let path, let reason):
      return "cannot write evidence: \(operation) \(path): \(reason)"
    case .noFreeName(let folder, let stem):
      return "cannot write evidence: no free file name for \(stem) in \(folder)"
    }
  }

  public var errorDescription: String? { description }
}
