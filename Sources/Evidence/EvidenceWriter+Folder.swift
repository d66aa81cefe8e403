#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension EvidenceWriter {
  /// The evidence folder, open: a directory descriptor that no later link or rename can redirect, and its real,
  /// link-free path for messages and for the paths returned to the caller.
  struct OpenFolder {
    let descriptor: Int32
    let path: String
  }

  /// Opens the evidence folder (creating it as needed) and checks that files can be made in it, without writing
  /// any: a command that writes several reports calls this first, so that a folder it cannot use stops it before
  /// any work or any report.
  ///
  /// - Returns: the folder's real, link-free path.
  /// - Throws: `EvidenceWriterError` naming the path at fault, as `write` would.
  public func checkFolder() throws -> String {
    let directory = try openFolder()
    defer { close(directory.descriptor) }
    guard faccessat(directory.descriptor, ".", W_OK | X_OK, AT_EACCESS) == 0 else {
      throw EvidenceWriterError.io(
        operation: "write into", path: directory.path, reason: FileSystemCalls.errorText(errno))
    }
    return directory.path
  }

  /// Opens the evidence folder, creating it as needed, one component at a time from the workspace root.
  ///
  /// Each component is opened relative to the descriptor of its parent with `O_NOFOLLOW`, so the folder that is
  /// written to is the one that was checked, whatever another process renames or swaps meanwhile. A component that
  /// is a link is resolved once and allowed only when it leads inside the workspace; the walk then starts again
  /// from the root along the resolved, link-free path, again without following links. The caller closes the
  /// descriptor.
  ///
  /// - Throws: `EvidenceWriterError.parentComponent` for `..`, `.outsideWorkspace` for a folder or link that leads
  ///   out, `.notADirectory` for a file in the way.
  func openFolder() throws -> OpenFolder {
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
    let rootDescriptor = try FileSystemCalls.openDirectory(root)
    defer { close(rootDescriptor) }
    for _ in 0..<40 {  // each round resolves one link; more than this is a loop
      if let open = try walk(relative, from: rootDescriptor, root: root, restart: &relative) { return open }
    }
    throw EvidenceWriterError.io(
      operation: "open", path: folder, reason: "more than 40 links on the way to the folder (a loop?)")
  }

  /// Opens `components` below `rootDescriptor`; nil after replacing `restart` with the link-free components to try
  /// again when a link was met.
  private func walk(_ components: [String], from rootDescriptor: Int32, root: String, restart: inout [String])
    throws -> OpenFolder?
  {
    var current = dup(rootDescriptor)
    guard current >= 0 else {
      throw EvidenceWriterError.io(operation: "open", path: root, reason: FileSystemCalls.errorText(errno))
    }
    var path = root
    for (i, component) in components.enumerated() {
      let candidate = path == "/" ? "/" + component : path + "/" + component
      let child: FileSystemCalls.Child
      do {
        child = try FileSystemCalls.openChildDirectory(current, component, path: candidate)
      } catch {
        close(current)
        throw error
      }
      switch child {
      case .directory(let descriptor):
        close(current)
        current = descriptor
        path = candidate
      case .symbolicLink:
        close(current)
        let resolved = try FileSystemCalls.realPath(candidate)
        guard Self.isInside(resolved, root: root), let inside = WorkspacePath.relative(resolved, to: root) else {
          throw EvidenceWriterError.outsideWorkspace(path: candidate, resolved: resolved, workspace: root)
        }
        let linkFree = inside == "." ? [] : inside.split(separator: "/").map(String.init)
        restart = linkFree + components[(i + 1)...]
        return nil
      case .notADirectory:
        close(current)
        throw EvidenceWriterError.notADirectory(path: candidate)
      }
    }
    return OpenFolder(descriptor: current, path: path)
  }

  static func isInside(_ path: String, root: String) -> Bool {
    path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
  }
}
