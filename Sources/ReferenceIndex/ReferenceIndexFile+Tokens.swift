/// The stored terms of each document's tokens (the tokens section, format version 2).
///
/// The matcher aligns a transcript with reference documents token by token, so it needs each candidate document's
/// terms. Tokenising the text again for every candidate of every scan was a seventh of a language server's rescan
/// after a keystroke (a piece of an echo-heavy transcript has hundreds of candidate documents), and the same again
/// for every piece of a file being opened. The builder has the terms anyway; storing them as frequency ranks
/// (`TokenCoding`) costs about 1.5 bytes per token in a file that is mapped, not read, and turns tokenising into
/// decoding.
extension ReferenceIndexFile {
  /// The tokens section's parts: the `documentCount + 1` starts, the rank table and the codes, as byte ranges of
  /// the file. The header check placed the section inside the file and made it long enough for the first two.
  var tokenLayout: (starts: Range<Int>, ranks: Range<Int>, codes: Range<Int>) {
    let section = range(of: .tokens)
    let ranks = section.lowerBound + (documentCount + 1) * 8
    let codes = ranks + Int(header.termCount) * 8
    return (section.lowerBound..<ranks, ranks..<codes, codes..<section.upperBound)
  }

  /// The terms of document `number`'s tokens, as the builder stored them; `verifyDeep()` checks that they are its
  /// text's.
  ///
  /// - Throws: `IndexError.corrupted` when the document's codes lie outside the section, do not decode to as many
  ///   ranks as its record has tokens, or name a rank beyond the rank table.
  public func documentTerms(_ number: Int) throws -> [UInt64] {
    let record = try documentRecord(number)
    let (start, end) = try codeRun(number, tokenCount: Int(record.tokenCount))
    let layout = tokenLayout
    let count = Int(record.tokenCount)
    let termCount = Int(header.termCount)
    var problem: String?
    let decoded = file.bytes.withBytes(layout.ranks.lowerBound..<layout.codes.upperBound) { raw -> [UInt64] in
      let codes = raw.baseAddress.map { UnsafeRawPointer($0) + (layout.codes.lowerBound - layout.ranks.lowerBound) }
      return [UInt64](unsafeUninitializedCapacity: count) { terms, initialized in
        var i = start
        var n = 0
        while i < end, n < count, let codes {
          var rank = 0
          var shift = 0
          var byte: UInt8
          repeat {
            guard i < end, shift < 7 * TokenCoding.maxCodeBytes else {
              problem = "document \(number)'s code \(n) is cut off or too long"
              initialized = n
              return
            }
            byte = codes.load(fromByteOffset: i, as: UInt8.self)
            rank |= Int(byte & 0x7F) << shift
            shift += 7
            i += 1
          } while byte & 0x80 != 0
          guard rank < termCount else {
            problem = "document \(number)'s token \(n) has rank \(rank), the rank table has \(termCount) terms"
            initialized = n
            return
          }
          terms[n] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: rank * 8, as: UInt64.self))
          n += 1
        }
        initialized = n
        if problem == nil, n != count || i != end {
          problem = "document \(number)'s codes hold \(n == count ? "more" : "fewer") than its record's \(count) tokens"
        }
      }
    }
    guard let decoded else { throw damaged(.tokens, "lies outside the file") }
    if let problem { throw damaged(.tokens, problem) }
    return decoded
  }

  /// Where document `number`'s codes lie, in bytes from the start of the codes, checked to be long enough for its
  /// `tokenCount` tokens and no longer: each code is one to `TokenCoding.maxCodeBytes` bytes. Checked before terms
  /// are allocated, so that a damaged token count cannot ask for gigabytes.
  func codeRun(_ number: Int, tokenCount count: Int) throws -> (start: Int, end: Int) {
    let start = try codeStart(number)
    let end = try codeStart(number + 1)
    guard start <= end else {
      throw damaged(.tokens, "document \(number)'s codes run backwards (\(start) to \(end))")
    }
    guard count <= end - start, end - start <= count * TokenCoding.maxCodeBytes else {
      throw damaged(
        .tokens, "document \(number)'s \(end - start) bytes of codes cannot hold its record's \(count) tokens")
    }
    return (start, end)
  }

  /// Start `i` of the `documentCount + 1` starts: where document `i`'s codes begin, and for `i == documentCount`
  /// where they end.
  func codeStart(_ i: Int) throws -> Int {
    let layout = tokenLayout
    guard i >= 0, i <= documentCount, let start = file.bytes.load(layout.starts.lowerBound + i * 8, as: UInt64.self)
    else { throw damaged(.tokens, "start \(i) lies outside the section") }
    guard start <= UInt64(layout.codes.count) else {
      throw damaged(.tokens, "start \(i) is \(start), beyond the \(layout.codes.count) bytes of codes")
    }
    return Int(start)
  }
}
