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
    do {
      file = try MappedFile(path: path)
    } catch {
      throw IndexError.cannotOpen(path: path, reason: error.reason)
    }
    header = try IndexHeader.decode(from: file)
    guard header.normalizerVersion == NormalizationRules.version else {
      throw IndexError.normalizerMismatch(
        path: path, found: header.normalizerVersion, expected: NormalizationRules.version)
    }
    seedPostings = SeedPostingsView(file: file, header: header)
    // Two more reads keep opening constant time and catch a directory that does not span the postings.
    let directory = Int(header.sections[IndexSection.directory.rawValue].offset)
    let last = directory + (1 << Int(header.directoryBits)) * 4
    guard file.bytes.load(directory, as: UInt32.self) == 0,
      file.bytes.load(last, as: UInt32.self).map(UInt64.init) == header.postingCount
    else {
      throw IndexError.corrupted(
        path: path, detail: "directory section: does not run from 0 to the posting count \(header.postingCount)")
    }
  }

  /// A stable hex name for this index: its header checksum, which covers every section checksum.
  public var identity: String { String(format: "%016llx", header.checksum) }

  public var documentCount: Int { Int(header.documentCount) }
  public var tokenCount: Int { Int(header.tokenCount) }
  public var fileSize: Int { file.count }

  /// Whether the file was truncated or rewritten in place since it was opened, so that what was read from it may
  /// be wrong (see `MappingFaultGuard`); a reader checks this after a scan and reopens the file.
  public var changedWhileOpen: Bool { file.wasReplaced }

  /// The error for damage found in `section`: it names the file and the section.
  func damaged(_ section: IndexSection, _ detail: String) -> IndexError {
    .corrupted(path: path, detail: "\(section.name) section: \(detail)")
  }

  func range(of section: IndexSection) -> Range<Int> {
    let entry = header.sections[section.rawValue]
    return Int(entry.offset)..<Int(entry.offset + entry.length)
  }

  /// The build metadata; decoded on demand so that opening stays constant time.
  public func metadata() throws -> BuildMetadata {
    guard let data = file.bytes.withBytes(range(of: .metadata), { Data($0) }) else {
      throw damaged(.metadata, "lies outside the file")
    }
    do {
      return try JSONDecoder().decode(BuildMetadata.self, from: data)
    } catch {
      throw damaged(.metadata, "not valid JSON: \(error)")
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

  /// The prompt of document `number` alone (nil when it has none), without copying its text as `document(_:)` does.
  public func prompt(_ number: Int) throws -> String? {
    try documentRecord(number).prompt.map { try string($0) }
  }

  /// The user turns of document `number`'s conversation before its prompt, oldest first (empty when it had none).
  ///
  /// Not part of `document(_:)`, which every scan candidate goes through: only calibration reads them, and
  /// decoding them there would slow every scan.
  public func earlierPrompts(_ number: Int) throws -> [String] {
    guard let ref = try documentRecord(number).earlierPrompts else { return [] }
    let range = try stringRange(ref)
    guard let prompts = file.bytes.withBytes(range, { EarlierPrompts.decode($0.bindMemory(to: UInt8.self)) }) else {
      throw damaged(.strings, "lies outside the file")
    }
    guard let prompts else {
      throw damaged(.strings, "document \(number)'s earlier prompts are not a JSON array of strings")
    }
    return prompts
  }

  func documentRecord(_ number: Int) throws -> DocumentRecord {
    guard number >= 0, number < documentCount else {
      throw damaged(.documents, "document number \(number) is out of range (the file has \(documentCount))")
    }
    guard
      let record = DocumentRecord.decode(
        file.bytes, at: range(of: .documents).lowerBound + number * DocumentRecord.size)
    else {
      throw damaged(.documents, "record \(number) lies outside the file")
    }
    return record
  }

  func stringRange(_ ref: DocumentRecord.StringRef) throws -> Range<Int> {
    let strings = range(of: .strings)
    let (end, overflow) = ref.offset.addingReportingOverflow(UInt64(ref.length))
    guard !overflow, end <= UInt64(strings.count) else {
      throw damaged(.strings, "a document names bytes \(ref.offset)+\(ref.length), outside the section")
    }
    return (strings.lowerBound + Int(ref.offset))..<(strings.lowerBound + Int(end))
  }

  func bytes(_ ref: DocumentRecord.StringRef) throws -> [UInt8] {
    guard let bytes = file.bytes.withBytes(try stringRange(ref), { Array($0.bindMemory(to: UInt8.self)) }) else {
      throw damaged(.strings, "lies outside the file")
    }
    return bytes
  }

  func string(_ ref: DocumentRecord.StringRef) throws -> String {
    guard let string = file.bytes.withBytes(try stringRange(ref), { String(decoding: $0, as: UTF8.self) }) else {
      throw damaged(.strings, "lies outside the file")
    }
    return string
  }

  // MARK: Seeds

  /// The postings of `seed`, as positions in the postings section.
  public func postingRange(of seed: UInt64) throws(IndexError) -> Range<Int> { try seedPostings.range(of: seed) }

  /// The document and token position of posting `i`.
  public func posting(_ i: Int) throws(IndexError) -> (document: Int, tokenPosition: Int) {
    try seedPostings.posting(i)
  }

  // MARK: Terms

  /// The corpus statistics of `term`, or nil when the term never occurs in this index.
  public func termStatistic(_ term: UInt64) throws(IndexError) -> TermStatistic? {
    let base = range(of: .terms).lowerBound
    let bytes = file.bytes
    func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) throws(IndexError) -> T {
      guard let value = bytes.load(offset, as: T.self) else { throw damaged(.terms, "entry lies outside the file") }
      return value
    }
    func key(_ i: Int) throws(IndexError) -> UInt64 { try load(base + i * TermStatistic.size, as: UInt64.self) }
    // Term hashes are spread evenly over 64 bits, so interpolating between the ends of the range finds a term in two
    // or three probes where bisection takes twenty; a file whose terms are not spread (corrupted, or hostile)
    // falls back to bisection after a few probes, so it costs no more than that.
    var low = 0
    var high = Int(header.termCount)  // exclusive
    var probes = 0
    while low < high {
      let mid: Int
      let lowKey = try key(low)
      let highKey = try key(high - 1)
      if probes < 4, lowKey < highKey {
        guard term >= lowKey, term <= highKey else { return nil }
        let fraction = Double(term - lowKey) / Double(highKey - lowKey)
        mid = min(high - 1, low + Int(fraction * Double(high - 1 - low)))
      } else {
        mid = (low + high) / 2
      }
      probes += 1
      let t = try key(mid)
      if t < term {
        low = mid + 1
      } else if t > term {
        high = mid
      } else {
        let offset = base + mid * TermStatistic.size
        return TermStatistic(
          term: t, count: try load(offset + 8, as: UInt32.self),
          documentFrequency: try load(offset + 12, as: UInt32.self))
      }
    }
    return nil
  }
}
