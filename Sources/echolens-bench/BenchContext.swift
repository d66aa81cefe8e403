import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// What every section shares: options, file locations, the shared data and indexes built once per run.
final class BenchContext {
  let options: BenchOptions
  let scratch: String
  private(set) var sharedIndexPath: String?

  init(options: BenchOptions) throws {
    self.options = options
    scratch = options.scratchDirectory
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
  }

  /// Path of a file in the data folder.
  func data(_ name: String) -> String { (options.dataDirectory as NSString).appendingPathComponent(name) }

  /// Every JSONL file of the shared data, sorted by name (the README is not corpus input).
  func allDataFiles() throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: options.dataDirectory)
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map(data)
  }

  func scratchPath(_ name: String) -> String { (scratch as NSString).appendingPathComponent(name) }

  /// The `echolens` executable: the option, else the one built next to this benchmark, else the default release
  /// build folder's.
  func echolens() throws -> String {
    if let p = options.echolensPath { return p }
    let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let sibling = own.deletingLastPathComponent().appendingPathComponent("echolens").path
    for candidate in [sibling, ".build/release/echolens"] where FileManager.default.isExecutableFile(atPath: candidate)
    {
      return candidate
    }
    throw BenchError(
      "no echolens executable at \(sibling); build it (swift build -c release --product echolens) or pass --echolens")
  }

  /// Builds (in-process) an index over `inputs` at `name` in the scratch folder, unless it is already there and
  /// newer than every input.
  func cachedIndex(_ name: String, inputs: [String], options: IndexBuildOptions = IndexBuildOptions()) throws -> String
  {
    let path = scratchPath(name)
    if let built = Self.modificationTime(path), inputs.allSatisfy({ (Self.modificationTime($0) ?? .infinity) < built }),
      Self.opens(path)  // else built by other tokenisation rules: rebuild
    {
      return path
    }
    _ = try IndexBuilder(inputs: inputs, outputPath: path, options: options).build()
    return path
  }

  /// Whether `path` is an index this build can read (it exists, and was built with the current rules).
  static func opens(_ path: String) -> Bool { (try? ReferenceIndexFile(path: path)) != nil }

  static func modificationTime(_ path: String) -> Double? {
    var s = stat()
    guard stat(path, &s) == 0 else { return nil }
    return Double(s.st_mtim.tv_sec) + Double(s.st_mtim.tv_nsec) * 1e-9
  }

  static func fileSize(_ path: String) -> Int {
    var s = stat()
    return stat(path, &s) == 0 ? Int(s.st_size) : 0
  }

  /// All records of `paths`, in input order.
  static func records(_ paths: [String]) throws -> [CorpusRecord] {
    let reader = try CorpusReader(paths: paths, options: CorpusReadOptions())
    var all: [CorpusRecord] = []
    while let batch = try reader.nextBatch(targetBytes: 16 << 20) { all += batch.records }
    return all
  }

  /// A scanner with the default parameters and built-in identities over `indexPaths`.
  static func scanner(_ indexPaths: [String], parameters: ScanParameters = ScanParameters()) throws -> EchoScanner {
    try EchoScanner(
      references: try ReferenceIndexSet(paths: indexPaths), background: nil, identities: try IdentityCatalog.builtIn(),
      parameters: parameters)
  }
}
