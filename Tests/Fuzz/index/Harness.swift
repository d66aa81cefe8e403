import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// Fuzz target: opening an index, looking seeds and documents up in it, verifying it and scanning a transcript
/// with it.
///
/// The input is the index file. Its checksums are recomputed before it is opened (`IndexDamage.reseal`), so that
/// mutations get past the checksum check into the structural checks, the lookups and the scan; without that,
/// nearly every mutation would stop at "header checksum mismatch". Any outcome but a trap is correct: damage must
/// be an `IndexError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndex(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  IndexDamage.reseal(&bytes)
  guard FileManager.default.createFile(atPath: FuzzIndex.path, contents: Data(bytes)) else { return 0 }
  guard let set = try? ReferenceIndexSet(paths: [FuzzIndex.path]) else { return 0 }
  let file = set.shards[0]
  _ = try? file.verifyDeep(threads: 1)
  _ = try? file.metadata()
  for number in 0..<min(4, file.documentCount) { _ = try? file.document(number) }
  for seed in FuzzIndex.seeds(length: set.seedLength) {
    _ = try? set.forEachPosting(of: seed, limit: 64) { _, _, _ in }
  }
  if let catalog = FuzzIndex.catalog,
    let scanner = try? EchoScanner(
      references: set, background: nil, identities: catalog, parameters: ScanParameters())
  {
    _ = try? scanner.scan(FuzzIndex.transcript, isCancelled: { false })
  }
  return 0
}

/// What every run shares: where the input is written, and the transcript and seeds it is scanned for.
enum FuzzIndex {
  static let path = NSTemporaryDirectory() + "/echolens-fuzz-index-\(ProcessInfo.processInfo.processIdentifier).eli"
  /// The text of the seed corpus's indexes, so that the scan finds an echo in an intact index. `corpus/small.eli`
  /// is `echolens index build` of two records; `corpus/parts.eli` the same records built with the widest position
  /// field lowered to 3 bits (`IndexBuildOptions.widestPositionBits`), so that its postings reach the extra parts.
  static let text =
    "Glassblowers gather molten glass on the end of a long steel pipe, roll it across a polished marble slab to "
    + "cool the outer skin, and blow a small bubble before returning the piece to the glory hole for reheating."
  static let transcript = Transcript(
    format: .markdown, segments: [TranscriptSegment(role: .text, text: Array(text.utf8), offsets: OffsetMap(base: 0))])
  static let terms = Tokenizer.terms(text)

  /// The seeds of `text` for seeds of `length` tokens, and the two extreme hashes.
  static func seeds(length: Int) -> [UInt64] {
    terms.withUnsafeBufferPointer { buffer in
      (0..<max(0, terms.count - length + 1)).map { TermHasher.seed(buffer, start: $0, count: length) }
    } + [0, .max]
  }
  static let catalog = try? IdentityCatalog.builtIn()
}
