import Foundation

/// Each term's surprise in bits (`ReferenceIndexLookup.bits(of:)`), kept for as long as the scanner lives.
///
/// A term's bits depend on the index alone, yet every scan looked each term up again in the terms section (a binary
/// search per shard) for every transcript and candidate token it weighed: a twentieth of a language server's rescan
/// after a keystroke, which is a new scan each time. Each scan starts from a copy of what earlier scans found
/// (`snapshot`) and hands back what it added (`add`), so the hot path takes no lock.
///
/// Thread-safe: scans on several threads share one scanner.
final class TermBitsCache: @unchecked Sendable {
  private let lock = NSLock()
  private var table = TermHashTable<Double>(capacity: 1 << 12)

  /// The bits known so far; the copy is the caller's (copy on write).
  func snapshot() -> TermHashTable<Double> { lock.withLock { table } }

  /// Keeps `entries`, computed by a scan that met no damage.
  func add(_ entries: [(term: UInt64, bits: Double)]) {
    guard !entries.isEmpty else { return }
    lock.withLock {
      for (term, bits) in entries where table[term] == nil { table.insert(term, bits) }
    }
  }
}
