import Dispatch
import Foundation

/// Turns a chunk of the token file's terms into their codes (`TokenCoding`) on every core, and notes where each
/// document's codes start.
///
/// Coding the tokens is the one step at the end of a build that reads the whole corpus again (a rank lookup per
/// token, most of them cache misses in a table of every term); done on one thread it was the longest stretch of a
/// large build in which the other cores waited. Each part of a chunk is coded into a buffer of its own, and the
/// buffers are joined in order, so the codes are byte for byte those of a single pass.
struct TokenChunkCoder {
  let ranks: TermRanks
  /// Each document's first token, numbered over the whole shard; a document without tokens starts where the next
  /// token is coded (or where the codes end).
  let firstTokens: [Int]
  let threads: Int

  /// A chunk shorter than this is coded on one thread: splitting it would cost more than it saves.
  static let minimumPartTokens = 1 << 14

  init(ranks: TermRanks, tokenCounts: [UInt32], threads: Int) {
    self.ranks = ranks
    var first = [Int]()
    first.reserveCapacity(tokenCounts.count)
    var token = 0
    for count in tokenCounts {
      first.append(token)
      token += Int(count)
    }
    firstTokens = first
    self.threads = max(1, threads)
  }

  /// What one part of a chunk coded.
  private struct Part {
    var codes: [UInt8] = []
    /// (document, offset of its first code within `codes`) for every document that starts in the part.
    var starts: [(document: Int, offset: Int)] = []
    /// A term the rank table does not hold, if the part met one.
    var unknownTerm: UInt64?
  }

  /// Appends the codes of `terms`, the tokens numbered from `firstToken` on, to `codes`, and sets `starts[d]` for
  /// every document d that starts among them to its first code's offset, counting `written` bytes of codes before
  /// `codes`.
  ///
  /// - Throws: `IndexError.buildFailed` when a term has no rank (its statistics were lost).
  func code(
    _ terms: UnsafeBufferPointer<UInt64>, firstToken: Int, written: Int, into codes: inout [UInt8],
    starts: inout [UInt64]
  ) throws {
    let partCount = min(threads, max(1, terms.count / Self.minimumPartTokens))
    var parts = [Part](repeating: Part(), count: partCount)
    parts.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      nonisolated(unsafe) let terms = terms
      let coder = self
      let run: @Sendable (Int) -> Void = { p in
        let lower = terms.count * p / partCount
        let upper = terms.count * (p + 1) / partCount
        slots[p] = coder.codePart(terms, lower..<upper, firstToken: firstToken)
      }
      if partCount == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: partCount, execute: run) }
    }
    for part in parts {
      if let term = part.unknownTerm {
        throw IndexError.buildFailed(detail: "a document's term \(String(term, radix: 16)) has no statistics")
      }
      for start in part.starts { starts[start.document] = UInt64(written + codes.count + start.offset) }
      codes.append(contentsOf: part.codes)
    }
  }

  private func codePart(_ terms: UnsafeBufferPointer<UInt64>, _ range: Range<Int>, firstToken: Int) -> Part {
    var part = Part()
    part.codes.reserveCapacity(range.count * 2)
    // The first document that starts at or after this part's first token.
    var document = lowerBound(firstToken + range.lowerBound)
    for i in range {
      let token = firstToken + i
      while document < firstTokens.count, firstTokens[document] == token {
        part.starts.append((document, part.codes.count))
        document += 1
      }
      guard let rank = ranks.rank(of: terms[i]) else {
        part.unknownTerm = terms[i]
        return part
      }
      TokenCoding.append(rank, to: &part.codes)
    }
    return part
  }

  /// The first document whose first token is at least `token`.
  func lowerBound(_ token: Int) -> Int {
    var lo = 0
    var hi = firstTokens.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if firstTokens[mid] < token { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}
