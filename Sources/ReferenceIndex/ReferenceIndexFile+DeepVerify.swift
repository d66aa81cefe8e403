import Dispatch
import Foundation
import TextProcessing

/// Deep verification: everything the index derives from its texts, recomputed from the stored texts and compared.
///
/// Checksums prove that the bytes are the ones the checksums were computed over, nothing more: a file whose
/// checksums were recomputed after damage ("resealed"), or a builder that wrote wrong postings and summed them
/// faithfully, passes them, and then reads as a different, valid index. But most of an index is redundant: the
/// token count of each document, the header's token and text-byte totals, every posting (and so the directory) and
/// every term statistic and every stored term follow from the document texts by the rules of `Protocol/INDEX.md`. This re-tokenises every
/// document exactly as the builder does and compares, so damage to any of them is found whatever the checksums say.
///
/// What it cannot check is the primary data itself (texts, ids, models, sources, prompts, metadata): a resealed
/// change there that keeps every token is an index of other texts. Only the identity, which every reseal changes,
/// tells such a file apart from the one that was built.
extension ReferenceIndexFile {
  /// What one worker recomputed from its share of the documents.
  struct DerivedTotals {
    var tokenCount = 0
    var textBytes = 0
    var postings = 0
    var postingDigest = PostingMultisetDigest()
    var terms = TermCounter(capacity: 1 << 14)
    var damage: IndexError?
  }

  /// Runs `verify()`, then recomputes the derived data from the texts (see the type's comment). Linear in the
  /// indexed text, like a build without the writing and sorting: memory is one term table.
  ///
  /// - Throws: `IndexError.corrupted` naming the section whose stored data differs from what its texts give.
  public func verifyDeep(threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> VerificationReport {
    var report = try verify()
    let selector = SeedSelector(seedLength: Int(header.seedLength), windowSize: Int(header.windowSize))
    let directoryBits = header.directoryBits
    // How the builder packed each posting's document and position, from the records' token counts (`verify()`
    // checked the extra parts against them; `recompute` checks them against the texts).
    let locator = PostingLocator(
      positionBits: Int(header.positionBits),
      tokenCounts: try (0..<documentCount).map { try documentRecord($0).tokenCount })
    let workers = max(1, min(threads, documentCount))
    var totals = [DerivedTotals](repeating: DerivedTotals(), count: workers)
    totals.withUnsafeMutableBufferPointer { buffer in
      // Each worker writes only its own element.
      nonisolated(unsafe) let out = buffer
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var mine = DerivedTotals()
        var n = worker
        while n < documentCount, mine.damage == nil {
          do {
            try recompute(
              document: n, selector: selector, directoryBits: directoryBits, locator: locator, into: &mine)
          } catch let error as IndexError {
            mine.damage = error
          } catch {
            mine.damage = damaged(.documents, "document \(n): \(error)")
          }
          n += workers
        }
        out[worker] = mine
      }
    }
    if let damage = totals.lazy.compactMap(\.damage).first { throw damage }
    var all = DerivedTotals(terms: TermCounter(capacity: 1 << 16))
    for part in totals {
      all.tokenCount += part.tokenCount
      all.textBytes += part.textBytes
      all.postings += part.postings
      all.postingDigest.add(part.postingDigest)
      all.terms.merge(part.terms)
    }
    guard UInt64(all.tokenCount) == header.tokenCount else {
      throw IndexError.corrupted(
        path: path, detail: "header: says \(header.tokenCount) tokens, the documents hold \(all.tokenCount)")
    }
    guard UInt64(all.textBytes) == header.textByteCount else {
      throw IndexError.corrupted(
        path: path, detail: "header: says \(header.textByteCount) text bytes, the documents hold \(all.textBytes)")
    }
    guard UInt64(all.postings) == header.postingCount, try storedPostingDigest() == all.postingDigest else {
      throw damaged(
        .postings,
        "the \(header.postingCount) stored postings are not the \(all.postings) that the documents' texts give")
    }
    try compareTerms(all.terms.sortedStatistics())
    report.derivedDataChecked = true
    return report
  }

  /// Re-tokenises document `n` and adds what it gives to `totals`.
  private func recompute(
    document n: Int, selector: SeedSelector, directoryBits: UInt32, locator: PostingLocator,
    into totals: inout DerivedTotals
  ) throws {
    let record = try documentRecord(n)
    var refs = [("id", record.id), ("model", record.model), ("source", record.source), ("text", record.text)]
    if let prompt = record.prompt { refs.append(("prompt", prompt)) }
    if let earlier = record.earlierPrompts { refs.append(("earlier prompts", earlier)) }
    for (field, ref) in refs {
      let invalid = file.bytes.withBytes(try stringRange(ref)) {
        UTF8Validation.firstInvalidOffset(in: $0.bindMemory(to: UInt8.self))
      }
      guard let invalid else { throw damaged(.strings, "lies outside the file") }
      if let offset = invalid {
        throw damaged(.strings, "the \(field) of document \(n) is not UTF-8 at its byte \(offset)")
      }
    }
    _ = try earlierPrompts(n)
    guard
      let terms = file.bytes.withBytes(try stringRange(record.text), { Tokenizer.terms($0.bindMemory(to: UInt8.self)) })
    else { throw damaged(.strings, "lies outside the file") }
    guard terms.count == Int(record.tokenCount) else {
      throw damaged(
        .documents, "document \(n) says it has \(record.tokenCount) tokens, its text has \(terms.count)")
    }
    let stored = try documentTerms(n)
    if let i = stored.indices.first(where: { stored[$0] != terms[$0] }) {
      throw damaged(.tokens, "document \(n)'s stored term \(i) is not its text's")
    }
    totals.tokenCount += terms.count
    totals.textBytes += Int(record.text.length)
    let document = UInt32(n)
    for term in terms { totals.terms.add(term, document: document) }

    terms.withUnsafeBufferPointer { buffer in
      selector.forEachSelectedSeed(buffer) { seed, position in
        totals.postings += 1
        totals.postingDigest.add(
          bucket: Posting.bucket(of: seed, directoryBits: directoryBits),
          key: Posting.key(of: seed, directoryBits: directoryBits),
          locator: locator.locator(document: n, position: position))
      }
    }
  }

  /// The digest of the postings as stored, each in the bucket the directory puts it in.
  private func storedPostingDigest() throws -> PostingMultisetDigest {
    let mapped = file.bytes
    let base = range(of: .postings).lowerBound
    let directory = range(of: .directory).lowerBound
    func load(_ offset: Int) throws -> UInt32 {
      guard let value = mapped.load(offset, as: UInt32.self) else {
        throw IndexError.corrupted(path: path, detail: "a read at byte \(offset) lies outside the file")
      }
      return value
    }
    var digest = PostingMultisetDigest()
    // `verify()` checked that the directory ascends from 0 to the posting count.
    var start = Int(try load(directory))
    for bucket in 0..<(1 << Int(header.directoryBits)) {
      let end = Int(try load(directory + (bucket + 1) * 4))
      for i in start..<end {
        let offset = base + i * Posting.size
        digest.add(bucket: bucket, key: try load(offset), locator: try load(offset + 4))
      }
      start = end
    }
    return digest
  }

  /// Compares the stored term statistics with `recomputed`, entry by entry.
  private func compareTerms(_ recomputed: [TermStatistic]) throws {
    guard recomputed.count == Int(header.termCount) else {
      throw damaged(.terms, "holds \(header.termCount) terms, the documents' texts have \(recomputed.count)")
    }
    let base = range(of: .terms).lowerBound
    for (i, expected) in recomputed.enumerated() {
      let offset = base + i * TermStatistic.size
      guard let term = file.bytes.load(offset, as: UInt64.self),
        let count = file.bytes.load(offset + 8, as: UInt32.self),
        let documents = file.bytes.load(offset + 12, as: UInt32.self)
      else { throw damaged(.terms, "entry \(i) lies outside the file") }
      guard term == expected.term, count == expected.count, documents == expected.documentFrequency else {
        throw damaged(
          .terms,
          "entry \(i) (term \(String(term, radix: 16)), \(count) occurrences in \(documents) documents) is not what "
            + "the documents' texts give (term \(String(expected.term, radix: 16)), \(expected.count) in "
            + "\(expected.documentFrequency))")
      }
    }
  }
}

/// An order-independent digest of a set of postings, so that the postings recomputed from the texts (in document
/// order, on several threads) can be compared with the stored ones (in seed order) without sorting or holding
/// either: two 64-bit sums of differently mixed posting values.
///
/// Against accidental damage and builder bugs, two independent 64-bit sums make an undetected difference
/// vanishingly unlikely; it is no defence against a forger, who could as well build an index from other texts.
struct PostingMultisetDigest: Equatable {
  var first: UInt64 = 0
  var second: UInt64 = 0

  @inline(__always)
  mutating func add(bucket: Int, key: UInt32, locator: UInt32) {
    let high = UInt64(truncatingIfNeeded: bucket) << 32 | UInt64(key)
    let low = UInt64(locator)
    first &+= TermHasher.mix(TermHasher.mix(high) ^ low)
    second &+= TermHasher.mix(TermHasher.mix(low) &+ high)
  }

  mutating func add(_ other: PostingMultisetDigest) {
    first &+= other.first
    second &+= other.second
  }
}
