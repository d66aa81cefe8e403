import TextProcessing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes an evidence report as `<name>.json` and `<name>.md` into a folder of the workspace.
///
/// Evidence must be trustworthy after the fact, so: a report is never half-written (temporary file in the same
/// folder, `fsync`, then an atomic no-replace link), an earlier report is never overwritten (a unique name, and the
/// final step fails rather than replace), and nothing is ever written outside the workspace (no `..`, and a link on
/// the way is allowed only if it resolves inside the workspace).
///
/// Every name is opened relative to a directory descriptor with `O_NOFOLLOW` (`openFolder`), so a folder swapped
/// for a link between the check and the write cannot redirect the report, and temporary files are removed through
/// the same descriptor, so none is left behind.
public struct EvidenceWriter: Sendable {
  /// The default folder, relative to the workspace root.
  public static let defaultFolder = ".echolens/evidence"

  public struct Output: Sendable, Hashable {
    /// Absolute path of the JSON report (with real, link-free folder components).
    public var jsonPath: String
    /// Absolute path of the Markdown report next to it.
    public var markdownPath: String
  }

  /// The workspace root: an existing directory.
  public var workspaceRoot: String
  /// The evidence folder: relative to the root, or absolute inside it.
  public var folder: String

  public init(workspaceRoot: String, folder: String = EvidenceWriter.defaultFolder) {
    self.workspaceRoot = workspaceRoot
    self.folder = folder
  }

  /// Writes the report (sealing it first if it has no digest) and its Markdown rendering.
  ///
  /// - Parameter markdown: the Markdown text; nil renders it with `EvidenceMarkdownRenderer`.
  /// - Throws: `EvidenceWriterError` naming the path at fault.
  @discardableResult
  public func write(_ report: EvidenceReport, markdown: String? = nil) throws -> Output {
    let sealed = report.reportDigest == nil ? try report.sealed() : report
    let json = try sealed.fileJSON()
    let text = Array((markdown ?? EvidenceMarkdownRenderer.render(sealed)).utf8)
    let directory = try openFolder()
    defer { close(directory.descriptor) }
    let stem = Self.stem(for: sealed)
    let unique = "\(FileSystemCalls.processID)-\(UInt32.random(in: 0...UInt32.max))"
    let jsonTemporary = ".\(stem).json.tmp-\(unique)"
    let markdownTemporary = ".\(stem).md.tmp-\(unique)"
    let fd = directory.descriptor
    func pathOf(_ name: String) -> String { directory.path + "/" + name }
    // Registered so that SIGINT or SIGTERM removes them too (by path: the process is ending).
    TemporaryFileRegistry.register(pathOf(jsonTemporary))
    TemporaryFileRegistry.register(pathOf(markdownTemporary))
    defer {
      FileSystemCalls.remove(fd, jsonTemporary)
      FileSystemCalls.remove(fd, markdownTemporary)
      TemporaryFileRegistry.unregister(pathOf(jsonTemporary))
      TemporaryFileRegistry.unregister(pathOf(markdownTemporary))
    }
    try FileSystemCalls.writeNewFile(fd, jsonTemporary, json, path: pathOf(jsonTemporary))
    try FileSystemCalls.writeNewFile(fd, markdownTemporary, text, path: pathOf(markdownTemporary))
    for counter in 1...1000 {
      let name = counter == 1 ? stem : "\(stem)-\(counter)"
      // The Markdown name is claimed first so that a JSON report, the sealed record, never appears without it.
      guard
        try FileSystemCalls.linkWithoutReplacing(
          fd, markdownTemporary, to: "\(name).md", path: pathOf("\(name).md"))
      else { continue }
      guard
        try FileSystemCalls.linkWithoutReplacing(fd, jsonTemporary, to: "\(name).json", path: pathOf("\(name).json"))
      else {
        FileSystemCalls.remove(fd, "\(name).md")
        try FileSystemCalls.writeNewFile(fd, markdownTemporary, text, path: pathOf(markdownTemporary))
        continue
      }
      FileSystemCalls.syncDirectory(fd)
      return Output(jsonPath: pathOf("\(name).json"), markdownPath: pathOf("\(name).md"))
    }
    throw EvidenceWriterError.noFreeName(folder: directory.path, stem: stem)
  }

  /// `<transcript basename>-<UTC timestamp>-<first 12 digits of the digest>`, in characters every file system
  /// accepts.
  public static func stem(for report: EvidenceReport) -> String {
    let base = report.transcript.path.split(separator: "/").last.map(String.init) ?? "transcript"
    var safe = String(
      base.unicodeScalars.map { s -> Character in
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": return Character(s)
        default: return "_"
        }
      }
    ).prefix(80)
    if safe.hasPrefix(".") || safe.isEmpty { safe = "_" + safe }
    let time = report.generatedAt.filter { $0 != "-" && $0 != ":" }
    let digest = (report.reportDigest ?? "").prefix(12)
    return "\(safe)-\(time)-\(digest)"
  }
}
