/// The sections of an index file, in the order of the header's section table.
///
/// The numbering is part of the format (`Protocol/INDEX.md`); append new sections, never reorder.
public enum IndexSection: Int, CaseIterable, Sendable {
  /// Build metadata as UTF-8 JSON (`BuildMetadata`).
  case metadata = 0
  /// One 80-byte record per reference document.
  case documents = 1
  /// The strings the document records point into: ids, models, sources, prompts and output texts.
  case strings = 2
  /// Seed postings, 8 bytes each (the seed's key, and its document and token position packed by
  /// `PostingLocator`), sorted by seed hash, then document, then token position.
  case postings = 3
  /// `2^directoryBits + 1` little-endian `UInt32`: where each hash bucket's postings start.
  case directory = 4
  /// Term statistics, 16 bytes each, sorted by term hash.
  case terms = 5
  /// Each document's tokens as the frequency ranks of their terms (format version 2): the documents' starts, the
  /// rank table, then one LEB128 code per token (`TokenCoding`).
  case tokens = 6
  /// The parts after the first of documents longer than a posting's position field counts (format version 4):
  /// 8 bytes each, the part's document and its place in it (`PostingLocator`).
  case extraParts = 7

  public var name: String {
    switch self {
    case .metadata: "metadata"
    case .documents: "documents"
    case .strings: "strings"
    case .postings: "postings"
    case .directory: "directory"
    case .terms: "terms"
    case .tokens: "tokens"
    case .extraParts: "extra parts"
    }
  }
}

/// Where a section lies in the file, and its XXH64 checksum.
public struct SectionEntry: Sendable, Hashable, Codable {
  public var offset: UInt64
  public var length: UInt64
  public var checksum: UInt64
}
