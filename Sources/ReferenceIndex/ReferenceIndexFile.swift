import Foundation
import TextProcessing

/// One index file (a whole index or one shard), opened read-only through a memory mapping.
///
/// Opening reads and checks only the 512-byte header, so it takes constant time whatever the index size; pages of
/// the sections are brought in by the kernel as lookups touch them, and shared by every process that maps the file.
public final class ReferenceIndexFile: Sendable {
  public let path: String
  public let header: IndexHeader
  let file: MappedFile
  /// The seed lookups, without reference counting (see `SeedPostingsView`).
  public let seedPostings: SeedPostingsView

  /// Opens and validates the header of the index at `path`.
  ///
  /// - Throws: `IndexError` when the file is missing, foreign, truncated, of another format or normalisation
  ///   version, or its header is corrupted.
  public init(path: String) throws {
    self.path = path
    file = try MappedFile(path: path)
    header = try IndexHeader.decode(from: file)
    guard header.normalizerVersion == NormalizationRules.version else {
      throw IndexError.normalizerMismatch(
        path: path, found: header.normalizerVersion, expected: NormalizationRules.version)
    }
    seedPostings = SeedPostingsView(file: file, header: header)
  }

  /// A stable hex name for this index: its header checksum, which covers every section checksum.
  public var identity: String { String(format: "%016llx", header.checksum) }

  public var documentCount: Int { Int(header.documentCount) }
  public var tokenCount: Int { Int(header.tokenCount) }
  public var fileSize: Int { file.count }

  func range(of section: IndexSection) -> Range<Int> {
    let entry = header.sections[section.rawValue]
    return Int(entry.offset)..<Int(entry.offset + entry.length)
  }

  /// The build metadata; decoded on demand so that opening stays constant time.
  public func metadata() throws -> BuildMetadata {
    let data = file.withBytes(range(of: .metadata)) { Data($0) }
    do {
      return try JSONDecoder().decode(BuildMetadata.self, from: data)
    } catch {
      throw IndexError.corrupted(path: path, detail: "metadata section is not valid JSON: \(error)")
    }
  }

  // MARK: Documents

  /// The document with number `number` (0-based within this file).
  public func document(_ number: Int) throws -> ReferenceDocument {
    let record = try documentRecord(number)
    return ReferenceDocument(
      number: number, id: try string(record.id), model: try string(record.model), source: try string(record.source),
      prompt: try record.prompt.map { try string($0) }, text: try bytes(record.text),
      tokenCount: Int(record.tokenCount))
  }

  func documentRecord(_ number: Int) throws -> DocumentRecord {
    guard number >= 0, number < documentCount else {
      throw IndexError.corrupted(path: path, detail: "document number \(number) out of range")
    }
    return DocumentRecord.decode(file, at: range(of: .documents).lowerBound + number * DocumentRecord.size)
  }

  func stringRange(_ ref: DocumentRecord.StringRef) throws -> Range<Int> {
    let strings = range(of: .strings)
    let (end, overflow) = ref.offset.addingReportingOverflow(UInt64(ref.length))
    guard !overflow, end <= UInt64(strings.count) else {
      throw IndexError.corrupted(
        path: path, detail: "string reference \(ref.offset)+\(ref.length) outside the strings section")
    }
    return (strings.lowerBound + Int(ref.offset))..<(strings.lowerBound + Int(end))
  }

  func bytes(_ ref: DocumentRecord.StringRef) throws -> [UInt8] {
    try file.withBytes(stringRange(ref)) { Array($0.bindMemory(to: UInt8.self)) }
  }

  func string(_ ref: DocumentRecord.StringRef) throws -> String {
    try file.withBytes(stringRange(ref)) { String(decoding: $0, as: UTF8.self) }
  }

  // MARK: Seeds

  /// The postings of `seed`, as positions in the postings section.
  public func postingRange(of seed: UInt64) -> Range<Int> { seedPostings.range(of: seed) }

  /// The document and token position of posting `i`.
  public func posting(_ i: Int) -> (document: Int, tokenPosition: Int) { seedPostings.posting(i) }

  // MARK: Terms

  /// The corpus statistics of `term`, or nil when the term never occurs in this index.
  public func termStatistic(_ term: UInt64) -> TermStatistic? {
    let base = range(of: .terms).lowerBound
    func key(_ i: Int) -> UInt64 { file.load(base + i * TermStatistic.size, as: UInt64.self) }
    // Term hashes are spread evenly over 64 bits, so interpolating between the ends of the range finds a term in two
    // or three probes where bisection takes twenty; a file whose terms are not spread (corrupted, or hostile)
    // falls back to bisection after a few probes, so it costs no more than that.
    var low = 0
    var high = Int(header.termCount)  // exclusive
    var probes = 0
    while low < high {
      let mid: Int
      let lowKey = key(low)
      let highKey = key(high - 1)
      if probes < 4, lowKey < highKey {
        guard term >= lowKey, term <= highKey else { return nil }
        let fraction = Double(term - lowKey) / Double(highKey - lowKey)
        mid = min(high - 1, low + Int(fraction * Double(high - 1 - low)))
      } else {
        mid = (low + high) / 2
      }
      probes += 1
      let t = key(mid)
      if t < term {
        low = mid + 1
      } else if t > term {
        high = mid
      } else {
        let offset = base + mid * TermStatistic.size
        return TermStatistic(
          term: t, count: file.load(offset + 8, as: UInt32.self),
          documentFrequency: file.load(offset + 12, as: UInt32.self))
      }
    }
    return nil
  }
}
