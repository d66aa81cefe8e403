/// Full verification: every checksum and the orderings lookups rely on.
extension ReferenceIndexFile {
  /// What `verify` checked, for `echolens index verify` to print.
  public struct VerificationReport: Sendable {
    public var sectionsChecked: [String]
    public var bytesChecked: Int
  }

  /// Recomputes every section checksum and checks that postings and terms are sorted and point at real documents.
  ///
  /// Linear in the index size; opening does none of this.
  public func verify() throws -> VerificationReport {
    var checked: [String] = []
    var bytes = 0
    for section in IndexSection.allCases {
      let r = range(of: section)
      let sum = file.withBytes(r) { XXHash64.hash($0) }
      guard sum == header.sections[section.rawValue].checksum else {
        throw IndexError.corrupted(path: path, detail: "\(section.name) section checksum mismatch")
      }
      checked.append(section.name)
      bytes += r.count
    }
    let base = range(of: .postings).lowerBound
    let directory = range(of: .directory).lowerBound
    let buckets = 1 << Int(header.directoryBits)
    var previous = 0
    for b in 0...buckets {
      let start = Int(file.load(directory + b * 4, as: UInt32.self))
      guard start >= previous, start <= Int(header.postingCount) else {
        throw IndexError.corrupted(path: path, detail: "directory entry \(b) is out of order")
      }
      previous = start
    }
    guard previous == Int(header.postingCount) else {
      throw IndexError.corrupted(path: path, detail: "directory does not end at the posting count")
    }
    for i in 0..<Int(header.postingCount) {
      let document = file.load(base + i * Posting.size + 4, as: UInt32.self)
      guard Int(document) < documentCount else {
        throw IndexError.corrupted(path: path, detail: "posting \(i) names document \(document) of \(documentCount)")
      }
    }
    var last: UInt64? = nil
    let terms = range(of: .terms).lowerBound
    for i in 0..<Int(header.termCount) {
      let t = file.load(terms + i * TermStatistic.size, as: UInt64.self)
      if let last, t <= last { throw IndexError.corrupted(path: path, detail: "terms are not sorted at entry \(i)") }
      last = t
    }
    for n in 0..<documentCount {
      let record = try documentRecord(n)
      for ref in [record.id, record.model, record.source, record.text] + (record.prompt.map { [$0] } ?? []) {
        _ = try stringRange(ref)
      }
    }
    _ = try metadata()
    return VerificationReport(sectionsChecked: checked, bytesChecked: bytes)
  }
}
