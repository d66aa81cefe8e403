#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The files `scan`, `report` and the server's report command read: files as given, and the transcripts inside folders, recursively, in path order.
///
/// An audit that reports a clean result over files it never read is worse than no audit, so every folder or entry
/// the walk cannot read becomes an error of its own (one line in the output, exit status 2) instead of being
/// skipped. Hidden entries (names starting with `.`) are skipped on purpose. Links to folders are followed, but a
/// folder that leads back to one of its own ancestors is reported as a loop rather than walked forever.
public struct TranscriptWalk {
  /// One thing the walk found: a file to scan, or a path it could not read and why.
  public struct Entry: Equatable, Sendable {
    public var path: String
    /// Nil for a file to scan; otherwise why the path could not be walked.
    public var problem: String?
  }

  /// File name endings scanned when walking a folder; files named explicitly are scanned whatever their name.
  public static let transcriptExtensions: Set<String> = ["txt", "md", "markdown", "json", "jsonl", "ndjson"]

  /// The entries for `paths`: a named file (or anything that is not a folder) as given, so that reading it
  /// reports what is wrong; a folder's transcripts and problems sorted by path.
  public static func entries(for paths: [String]) -> [Entry] {
    var out: [Entry] = []
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
        out.append(Entry(path: path, problem: nil))
        continue
      }
      var found: [Entry] = []
      walk(path, ancestors: [], into: &found)
      out += found.sorted { $0.path < $1.path }
    }
    return out
  }

  private static func walk(_ folder: String, ancestors: Set<FileIdentity>, into found: inout [Entry]) {
    guard let identity = RegularFile.identity(of: folder) else {
      found.append(Entry(path: folder, problem: "cannot read folder: \(SystemErrorText.words(for: errno))"))
      return
    }
    guard !ancestors.contains(identity) else {
      found.append(Entry(path: folder, problem: "not walked: this folder leads back to one that contains it (a loop)"))
      return
    }
    guard let directory = opendir(folder) else {
      found.append(Entry(path: folder, problem: "cannot read folder: \(SystemErrorText.words(for: errno))"))
      return
    }
    defer { closedir(directory) }
    var names: [String] = []
    while true {
      errno = 0
      guard let entry = readdir(directory) else {
        if errno != 0 {
          found.append(Entry(path: folder, problem: "cannot list folder: \(SystemErrorText.words(for: errno))"))
        }
        break
      }
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      if !name.hasPrefix(".") { names.append(name) }
    }
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    var inside = ancestors
    inside.insert(identity)
    for name in names {
      let path = prefix + name
      var info = stat()
      guard stat(path, &info) == 0 else {
        // A dangling link or an entry that vanished: say so if it would have been scanned.
        let code = errno
        var link = stat()
        let isLink = lstat(path, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK
        if isLink || isTranscript(name) {
          found.append(Entry(path: path, problem: "cannot read: \(SystemErrorText.words(for: code))"))
        }
        continue
      }
      if info.st_mode & S_IFMT == S_IFDIR {
        walk(path, ancestors: inside, into: &found)
      } else if isTranscript(name) {
        found.append(Entry(path: path, problem: nil))
      }
    }
  }

  public static func isTranscript(_ name: String) -> Bool {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
    return transcriptExtensions.contains(name[name.index(after: dot)...].lowercased())
  }
}
