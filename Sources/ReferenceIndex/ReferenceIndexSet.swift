import Foundation
import TextProcessing

/// The reference index as the matcher sees it: one or more index files (shards) queried as one.
///
/// An organisation builds a corpus too large for one machine as N shards on N machines; copying them side by side
/// and opening them together must give the same findings as one index over the whole corpus, so lookups, term
/// statistics and totals are summed across shards here.
public final class ReferenceIndexSet: Sendable {
  public let shards: [ReferenceIndexFile]
  /// Each shard's seed lookups, in shard order.
  let seedPostings: [SeedPostingsView]

  /// Opens every path: an index file, or a directory whose `*.eli` files are opened in name order.
  public init(paths: [String]) throws {
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw IndexError.cannotOpen(path: path, reason: "no such file or directory")
      }
      if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let found = names.filter { $0.hasSuffix(".eli") }.sorted()
        guard !found.isEmpty else { throw IndexError.noIndexFound(path: path) }
        files += found.map { (path as NSString).appendingPathComponent($0) }
      } else {
        files.append(path)
      }
    }
    let shards = try files.map { try ReferenceIndexFile(path: $0) }
    try Self.checkCompatible(shards)
    self.shards = shards
    seedPostings = shards.map(\.seedPostings)
  }

  public init(shards: [ReferenceIndexFile]) throws {
    try Self.checkCompatible(shards)
    self.shards = shards
    seedPostings = shards.map(\.seedPostings)
  }

  static func checkCompatible(_ shards: [ReferenceIndexFile]) throws {
    guard let first = shards.first else { throw IndexError.incompatibleShards(detail: "no index files given") }
    for shard in shards.dropFirst() {
      guard shard.header.seedLength == first.header.seedLength, shard.header.windowSize == first.header.windowSize
      else {
        throw IndexError.incompatibleShards(
          detail:
            "\(shard.path) uses seeds of \(shard.header.seedLength) tokens / window \(shard.header.windowSize), \(first.path) uses \(first.header.seedLength) / \(first.header.windowSize)"
        )
      }
    }
  }

  public var seedLength: Int { Int(shards[0].header.seedLength) }
  public var documentCount: Int { shards.reduce(0) { $0 + $1.documentCount } }
  public var tokenCount: Int { shards.reduce(0) { $0 + $1.tokenCount } }

  /// A stable name for the set: the shard identity, or a hash of all shard identities in order.
  public var identity: String {
    if shards.count == 1 { return shards[0].identity }
    let joined = Array(shards.map(\.identity).joined(separator: ",").utf8)
    return String(format: "%016llx", joined.withUnsafeBytes { XXHash64.hash($0) })
  }

  /// Occurrences of `term` over all shards (0 when absent).
  public func termCount(_ term: UInt64) throws(IndexError) -> Int {
    var total = 0
    for shard in shards { total += Int(try shard.termStatistic(term)?.count ?? 0) }
    return total
  }

  /// Calls `body(shard, document, tokenPosition)` for every posting of `seed`, unless there are more than
  /// `limit` of them (such seeds are stock phrases), and returns how many postings the seed has.
  @discardableResult
  public func forEachPosting(of seed: UInt64, limit: Int, _ body: (Int, Int, Int) -> Void) throws(IndexError) -> Int {
    // Called for every k-gram of every transcript: no allocation, and nothing reference-counted in the loop. With
    // several shards each range is looked up twice (count first, then visit), which is cheaper than keeping them.
    try seedPostings.withUnsafeBufferPointer { views throws(IndexError) in
      if views.count == 1 {
        let r = try views[0].range(of: seed)
        guard r.count <= limit else { return r.count }
        for i in r {
          let p = try views[0].posting(i)
          body(0, p.document, p.tokenPosition)
        }
        return r.count
      }
      var total = 0
      for view in views { total += try view.range(of: seed).count }
      guard total <= limit else { return total }
      for (s, view) in views.enumerated() {
        for i in try view.range(of: seed) {
          let p = try view.posting(i)
          body(s, p.document, p.tokenPosition)
        }
      }
      return total
    }
  }

  /// For each seed, its postings in each shard: `result[shard][i]` for `seeds[i]` (see
  /// `SeedPostingsView.ranges(of:into:)` for why all at once). Read them with `posting(shard:at:)`.
  public func postingRanges(of seeds: UnsafeBufferPointer<UInt64>) throws(IndexError) -> [[Range<Int>]] {
    var result: [[Range<Int>]] = []
    result.reserveCapacity(seedPostings.count)
    for view in seedPostings {
      var failure: IndexError?
      result.append(
        [Range<Int>](unsafeUninitializedCapacity: seeds.count) { buffer, count in
          do throws(IndexError) {
            try view.ranges(of: seeds, into: buffer)
            count = seeds.count
          } catch {
            failure = error
            count = 0
          }
        })
      if let failure { throw failure }
    }
    return result
  }

  /// The document and token position of posting `i` of `shard`, where `i` lies in a range `postingRanges` gave.
  @inline(__always)
  public func posting(shard: Int, at i: Int) throws(IndexError) -> (document: Int, tokenPosition: Int) {
    try seedPostings[shard].posting(i)
  }

  /// Verifies every shard and throws the first damage found: `ReferenceIndexFile.verify`, and with `deep` also
  /// `verifyDeep`, except for a shard whose identity `verified` lists (its checksums are still verified, which
  /// proves it is the file that passed; see `DeepVerifiedIdentities`). A shard that passes deep verification is
  /// added to `verified`.
  ///
  /// A file truncated or rewritten in place while it is verified reads as zero pages (the SIGBUS guard), which
  /// would look like damage; that is reported as the change it is (`changeError`), and such a file is never listed
  /// as verified.
  public func verify(deep: Bool, verified: DeepVerifiedIdentities? = nil) throws {
    do {
      for shard in shards {
        if deep, !(verified?.contains(shard.identity) ?? false) {
          _ = try shard.verifyDeep()
          if !shard.changedWhileOpen { verified?.add(shard.identity) }
        } else {
          _ = try shard.verify()
        }
      }
    } catch {
      if let changed = changeError() { throw changed }
      throw error
    }
    if let changed = changeError() { throw changed }
  }

  /// Whether any file was truncated or rewritten in place since it was opened (see
  /// `ReferenceIndexFile.changedWhileOpen`).
  public var changedWhileOpen: Bool { shards.contains { $0.changedWhileOpen } }

  /// The error for a scan that read this set while a file changed under it, or nil when none did.
  public func changeError() -> IndexError? {
    shards.first { $0.changedWhileOpen }.map { IndexError.changedWhileReading(path: $0.path) }
  }
}
