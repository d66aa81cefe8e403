/// Full verification: every checksum and the orderings lookups rely on.
extension ReferenceIndexFile {
  /// What `verify` checked, for `echolens index verify` to print.
  public struct VerificationReport: Sendable {
    public var sectionsChecked: [String]
    public var bytesChecked: Int
    /// Whether the postings, terms, stored tokens and totals were also recomputed from the texts (`verifyDeep()`).
    public var derivedDataChecked = false
  }

  /// Recomputes every section checksum and checks that postings and terms are sorted and point at real documents.
  ///
  /// Linear in the index size; opening does none of this.
  public func verify() throws -> VerificationReport {
    let mapped = file.bytes
    // Offsets below are inside sections whose bounds the header check placed inside the file.
    func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) throws -> T {
      guard let value = mapped.load(offset, as: T.self) else {
        throw IndexError.corrupted(path: path, detail: "a read at byte \(offset) lies outside the file")
      }
      return value
    }
    var checked: [String] = []
    var bytes = 0
    for section in IndexSection.allCases {
      let r = range(of: section)
      let sum = file.bytes.withBytes(r) { XXHash64.hash($0) }
      guard let sum, sum == header.sections[section.rawValue].checksum else {
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
      let start = Int(try load(directory + b * 4, as: UInt32.self))
      guard start >= previous, start <= Int(header.postingCount) else {
        throw damaged(.directory, "entry \(b) is out of order")
      }
      // Within a bucket, postings are sorted by key: the bucket's binary search relies on it.
      var previousKey: UInt32 = 0
      for i in previous..<start {
        let key = try load(base + i * Posting.size, as: UInt32.self)
        guard i == previous || key >= previousKey else {
          throw damaged(.postings, "not sorted at posting \(i)")
        }
        previousKey = key
      }
      previous = start
    }
    guard previous == Int(header.postingCount) else {
      throw damaged(.directory, "does not end at the posting count")
    }
    let positionBits = Int(header.positionBits)
    let extraParts = range(of: .extraParts)
    let parts = documentCount + extraParts.count / 8
    for i in 0..<Int(header.postingCount) {
      let part = Int(try load(base + i * Posting.size + 4, as: UInt32.self)) >> positionBits
      guard part < parts else {
        throw damaged(.postings, "posting \(i) names part \(part) of \(parts)")
      }
    }
    var last: UInt64? = nil
    let terms = range(of: .terms).lowerBound
    for i in 0..<Int(header.termCount) {
      let t = try load(terms + i * TermStatistic.size, as: UInt64.self)
      if let last, t <= last { throw damaged(.terms, "not sorted at entry \(i)") }
      last = t
    }
    // Each document's codes follow the previous document's and are long enough for its record's tokens; the last
    // start is the end of the codes. Decoding is left to every read (`documentTerms` checks what it decodes) and
    // to deep verification, which compares the decoded terms with the texts: this check runs beside every scan.
    // The extra parts are each long document's parts after the first, in order: what its record's token count
    // gives, so that a posting in a further part names its document and place.
    var nextExtra = 0
    var nextCode = 0
    for n in 0..<documentCount {
      let record = try documentRecord(n)
      let extra = PostingLocator.extraParts(tokenCount: UInt64(record.tokenCount), positionBits: positionBits)
      for place in UInt64(1)..<(extra + 1) {
        let entry = extraParts.lowerBound + nextExtra * 8
        guard nextExtra < extraParts.count / 8 else {
          throw damaged(.extraParts, "ends before part \(place) of document \(n)")
        }
        let (document, stored) = (try load(entry, as: UInt32.self), try load(entry + 4, as: UInt32.self))
        guard Int(document) == n, UInt64(stored) == place else {
          throw damaged(
            .extraParts,
            "entry \(nextExtra) names part \(stored) of document \(document), the records give part \(place) of document \(n)"
          )
        }
        nextExtra += 1
      }
      let optional = [record.prompt, record.earlierPrompts].compactMap { $0 }
      for ref in [record.id, record.model, record.source, record.text] + optional {
        _ = try stringRange(ref)
      }
      let (start, end) = try codeRun(n, tokenCount: Int(record.tokenCount))
      guard start == nextCode else {
        throw damaged(.tokens, "document \(n)'s codes start at \(start), the previous document's end at \(nextCode)")
      }
      nextCode = end
    }
    guard nextExtra == extraParts.count / 8 else {
      throw damaged(.extraParts, "holds \(extraParts.count / 8) entries, the records give \(nextExtra)")
    }
    guard try codeStart(documentCount) == tokenLayout.codes.count else {
      throw damaged(.tokens, "the last start is not the end of the codes (\(tokenLayout.codes.count) bytes)")
    }
    _ = try metadata()
    return VerificationReport(sectionsChecked: checked, bytesChecked: bytes)
  }
}
