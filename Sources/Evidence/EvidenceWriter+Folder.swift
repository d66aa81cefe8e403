extension EvidenceWriter {
  /// Creates the evidence folder as needed and returns its real path, after checking that it and every link on
  /// the way lie inside the workspace.
  ///
  /// - Throws: `EvidenceWriterError.parentComponent` for `..`, `.outsideWorkspace` for a folder or link that leads
  ///   out, `.notADirectory` for a file in the way.
  func prepareFolder() throws -> String {
    guard FileSystemCalls.isDirectory(workspaceRoot) else {
      throw EvidenceWriterError.workspaceUnusable(path: workspaceRoot, reason: "not an existing directory")
    }
    let root = try FileSystemCalls.realPath(workspaceRoot)
    let components = folder.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    if components.contains("..") { throw EvidenceWriterError.parentComponent(path: folder) }
    var relative = components.filter { $0 != "." }
    if folder.hasPrefix("/") {
      // An absolute folder must spell a path under the root as given or under its real path.
      let spelled = WorkspacePath.standardized(folder)
      guard
        let inside = WorkspacePath.relative(spelled, to: WorkspacePath.standardized(workspaceRoot))
          ?? WorkspacePath.relative(spelled, to: root)
      else {
        throw EvidenceWriterError.outsideWorkspace(path: folder, resolved: spelled, workspace: root)
      }
      relative = inside == "." ? [] : inside.split(separator: "/").map(String.init)
    }
    var current = root
    for component in relative {
      let candidate = current == "/" ? "/" + component : current + "/" + component
      var kind = try FileSystemCalls.kind(of: candidate)
      if kind == .missing {
        _ = try FileSystemCalls.makeDirectory(candidate)
        kind = try FileSystemCalls.kind(of: candidate)
      }
      switch kind {
      case .directory:
        current = candidate
      case .symbolicLink:
        let resolved = try FileSystemCalls.realPath(candidate)
        guard Self.isInside(resolved, root: root) else {
          throw EvidenceWriterError.outsideWorkspace(path: candidate, resolved: resolved, workspace: root)
        }
        guard FileSystemCalls.isDirectory(resolved) else { throw EvidenceWriterError.notADirectory(path: candidate) }
        current = resolved
      case .other, .missing:
        throw EvidenceWriterError.notADirectory(path: candidate)
      }
    }
    // A last check on the whole path, in case a component changed under us.
    let final = try FileSystemCalls.realPath(current)
    guard Self.isInside(final, root: root) else {
      throw EvidenceWriterError.outsideWorkspace(path: current, resolved: final, workspace: root)
    }
    return final
  }

  static func isInside(_ path: String, root: String) -> Bool {
    path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
  }
}
