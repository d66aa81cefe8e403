extension Transcript {
  /// Splits a transcript file into the segments to scan.
  ///
  /// - Plain text and Markdown: one `.text` segment holding the whole file with identity offsets.
  /// - JSON and JSONL chat logs: only model-authored text, as `.answer` and `.reasoning` segments whose offset maps
  ///   lead back to the exact raw bytes through every JSON escape (see `Transcript+ChatRecords.swift` for the record
  ///   shapes). Records of other shapes hold no model text and add no segments.
  ///
  /// - Throws: `TextParseError` naming the byte offset, line and column of invalid UTF-8 or invalid JSON (for
  ///   JSONL, the line of the record at fault), because a transcript must be scanned completely or reported.
  ///
  /// `knownValidUTF8` skips the check of plain text and Markdown for bytes that are valid by construction: the
  /// language server's documents come from message strings that `JSONByteParser` checked, edited at character
  /// boundaries, and checking a 10 MB document again on every keystroke took about a millisecond of its rescan.
  public static func parse(_ bytes: [UInt8], format: TranscriptFormat, knownValidUTF8: Bool = false) throws
    -> Transcript
  {
    try bytes.withUnsafeBufferPointer { buffer in
      switch format {
      case .plainText, .markdown:
        if !knownValidUTF8, let offset = UTF8Validation.firstInvalidOffset(in: buffer) {
          throw TextParseError(at: offset, in: buffer, message: "invalid UTF-8")
        }
        return Transcript(
          format: format, segments: [TranscriptSegment(role: .text, text: bytes, offsets: OffsetMap(base: 0))])
      case .json:
        return Transcript(format: format, segments: try parseJSONDocument(buffer))
      case .jsonLines:
        return Transcript(format: format, segments: try parseJSONLines(buffer))
      }
    }
  }

  /// A whole-file JSON chat log: one record, an array of records (record = index), or an array of messages.
  private static func parseJSONDocument(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [TranscriptSegment] {
    let root = try JSONByteParser.parse(bytes)
    var reader = ChatRecordReader(bytes: bytes)
    switch root.kind {
    case .object:
      reader.readRecord(root, record: nil)
    case .array(let elements):
      if ChatRecordReader.isMessageList(elements, in: bytes) {
        reader.readMessages(elements, record: nil)
      } else {
        for (index, element) in elements.enumerated() { reader.readRecord(element, record: index) }
      }
    case .null, .bool, .number, .string:
      break
    }
    return reader.segments
  }

  /// One record per line; blank lines are skipped and `record` is the 1-based line number.
  private static func parseJSONLines(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [TranscriptSegment] {
    var reader = ChatRecordReader(bytes: bytes)
    var lineStart = 0
    var lineNumber = 0
    let n = bytes.count
    while lineStart < n {
      lineNumber += 1
      var lineEnd = lineStart
      while lineEnd < n, bytes[lineEnd] != 0x0A { lineEnd += 1 }
      defer { lineStart = lineEnd + 1 }
      var isBlank = true
      for i in lineStart..<lineEnd where bytes[i] != 0x20 && bytes[i] != 0x09 && bytes[i] != 0x0D {
        isBlank = false
        break
      }
      if isBlank { continue }
      let value: JSONByteValue
      do {
        value = try JSONByteParser.parse(bytes, range: lineStart..<lineEnd)
      } catch let error as TextParseError {
        throw TextParseError(
          utf8Offset: error.utf8Offset, line: lineNumber, utf8Column: error.utf8Column,
          message: "record on line \(lineNumber) is not valid JSON: \(error.message)")
      }
      reader.readRecord(value, record: lineNumber)
    }
    return reader.segments
  }
}
