/// Splits a byte stream into JSON-RPC message bodies using the LSP base protocol's `Content-Length` framing.
///
/// Reads arrive in arbitrary pieces: a body may be split across many reads, and one read may hold several
/// messages. The parser keeps what it has not consumed and hands out complete bodies in order. A broken header
/// cannot tell where its body ends, so after one the parser resynchronises on the next `Content-Length` header
/// instead of reading garbage as headers, and reports one error per broken frame.
public struct FrameParser: Sendable {
  /// What one call to `append` produced, in stream order.
  public enum Event: Equatable, Sendable {
    /// A complete message body.
    case body([UInt8])
    /// A header block that could not be used; the text says why, for the log and the error reply.
    case headerError(String)
  }

  /// Bodies larger than this are refused: a peer that promises gigabytes is broken, not chatty.
  public static let maxBodyBytes = 256 << 20
  /// Bodies at least this large that end the buffer are handed over without a copy.
  static let movedBodyBytes = 1 << 20
  /// The most buffer space reserved ahead on the word of a Content-Length header.
  static let maxReservedBodyBytes = 256 << 20
  /// A header block longer than this without its blank line is refused rather than buffered forever.
  public static let maxHeaderBytes = 8 << 10

  private var buffer: [UInt8] = []
  /// Index of the first unconsumed byte of `buffer`.
  private var readIndex = 0
  /// Where the search for the blank line that ends the header block resumes, so a slow header is scanned once.
  private var headerSearchIndex = 0
  /// The body length promised by a header already consumed.
  private var pendingBodyBytes: Int?
  /// True after a broken header until the next `Content-Length` is found.
  private var resynchronising = false

  public init() {}

  /// Adds bytes from the stream and returns every event they complete.
  public mutating func append(_ bytes: some Collection<UInt8>) -> [Event] {
    if readIndex > 0 && readIndex >= buffer.count / 2 {
      buffer.removeSubrange(0..<readIndex)
      headerSearchIndex -= readIndex
      readIndex = 0
    }
    buffer.append(contentsOf: bytes)
    var events: [Event] = []
    while let event = nextEvent() { events.append(event) }
    return events
  }

  /// Called at end of stream: an error when a message was cut short, otherwise nil.
  public func finish() -> Event? {
    if let promised = pendingBodyBytes {
      return .headerError("stream ended inside a message body: \(buffer.count - readIndex) of \(promised) bytes")
    }
    if readIndex < buffer.count && !resynchronising {
      return .headerError("stream ended inside a header block (\(buffer.count - readIndex) bytes)")
    }
    return nil
  }

  private mutating func nextEvent() -> Event? {
    if resynchronising {
      guard let start = Self.find(Self.contentLengthName, in: buffer, from: readIndex, caseInsensitive: true) else {
        // Keep a tail that could be the start of a header cut by the read boundary.
        readIndex = max(readIndex, buffer.count - Self.contentLengthName.count)
        headerSearchIndex = readIndex
        return nil
      }
      readIndex = start
      headerSearchIndex = start
      resynchronising = false
    }
    if let promised = pendingBodyBytes {
      guard buffer.count - readIndex >= promised else { return nil }
      pendingBodyBytes = nil
      if readIndex + promised == buffer.count && promised >= Self.movedBodyBytes {
        // A large body that ends the buffer (a big document) is moved out, not copied, and the buffer starts afresh.
        buffer.removeSubrange(0..<readIndex)
        let body = buffer
        buffer = []
        readIndex = 0
        headerSearchIndex = 0
        return .body(body)
      }
      let body = Array(buffer[readIndex..<(readIndex + promised)])
      readIndex += promised
      headerSearchIndex = readIndex
      return .body(body)
    }
    guard readIndex < buffer.count else { return nil }
    guard let end = Self.find(Self.headerTerminator, in: buffer, from: max(readIndex, headerSearchIndex - 3)) else {
      headerSearchIndex = buffer.count
      if buffer.count - readIndex > Self.maxHeaderBytes {
        return fail(
          "header block longer than \(Self.maxHeaderBytes) bytes without a blank line", skippingCurrentByte: true)
      }
      return nil
    }
    let headerStart = readIndex
    let header = buffer[readIndex..<end]
    readIndex = end + Self.headerTerminator.count
    headerSearchIndex = readIndex
    switch Self.contentLength(of: header) {
    case .success(let length):
      pendingBodyBytes = length
      // Room for the whole body at once, so a large document does not grow the buffer to twice its size; capped,
      // since the length is the client's word.
      buffer.reserveCapacity(readIndex + min(length, Self.maxReservedBodyBytes))
      return nextEvent()
    case .failure(let problem):
      // A block without Content-Length may be leftover body bytes glued to the next frame's header (after a body
      // longer than its Content-Length said): resynchronise from inside it so that header is not skipped too.
      guard problem.lacksContentLength else { return fail(problem.message, skippingCurrentByte: false) }
      readIndex = headerStart
      return fail(problem.message, skippingCurrentByte: true)
    }
  }

  /// Reports a broken frame and starts looking for the next header.
  ///
  /// - Parameter skippingCurrentByte: true when `readIndex` still points at the broken header, so that the search
  ///   for the next header cannot find the same one again.
  private mutating func fail(_ message: String, skippingCurrentByte: Bool) -> Event {
    resynchronising = true
    pendingBodyBytes = nil
    if skippingCurrentByte && readIndex < buffer.count { readIndex += 1 }
    return .headerError(message)
  }

  struct HeaderProblem: Error {
    var message: String
    var lacksContentLength = false
  }

  /// The body length a header block promises; `Content-Type` and unknown fields are tolerated.
  static func contentLength(of header: ArraySlice<UInt8>) -> Result<Int, HeaderProblem> {
    guard let text = String(validating: header, as: UTF8.self) else {
      return .failure(HeaderProblem(message: "header is not valid UTF-8"))
    }
    var length: Int?
    for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
      guard let colon = line.firstIndex(of: ":") else {
        return .failure(HeaderProblem(message: "header line without ':': \(line.prefix(60).debugDescription)"))
      }
      let name = line[..<colon].trimmingSpaces().lowercased()
      let value = line[line.index(after: colon)...].trimmingSpaces()
      guard name == "content-length" else { continue }
      guard !value.isEmpty, value.utf8.count <= 12, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        let parsed = Int(value)
      else {
        return .failure(HeaderProblem(message: "invalid Content-Length: \(value.prefix(40).debugDescription)"))
      }
      guard parsed <= maxBodyBytes else {
        return .failure(HeaderProblem(message: "Content-Length \(parsed) exceeds the limit of \(maxBodyBytes)"))
      }
      if let earlier = length, earlier != parsed {
        return .failure(HeaderProblem(message: "conflicting Content-Length headers: \(earlier) and \(parsed)"))
      }
      length = parsed
    }
    guard let length else {
      return .failure(HeaderProblem(message: "missing Content-Length header", lacksContentLength: true))
    }
    return .success(length)
  }

  static let headerTerminator: [UInt8] = Array("\r\n\r\n".utf8)
  static let contentLengthName: [UInt8] = Array("content-length".utf8)

  /// The index of the first occurrence of `needle` in `haystack` at or after `from`.
  static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, caseInsensitive: Bool = false) -> Int? {
    guard let first = needle.first, haystack.count - needle.count >= from else { return nil }
    let last = haystack.count - needle.count
    var i = from
    while i <= last {
      let byte = caseInsensitive ? lowercase(haystack[i]) : haystack[i]
      if byte == first {
        var j = 1
        while j < needle.count {
          let other = caseInsensitive ? lowercase(haystack[i + j]) : haystack[i + j]
          if other != needle[j] { break }
          j += 1
        }
        if j == needle.count { return i }
      }
      i += 1
    }
    return nil
  }

  private static func lowercase(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

  /// The header block for a body of `count` bytes.
  public static func header(bodyBytes count: Int) -> [UInt8] { Array("Content-Length: \(count)\r\n\r\n".utf8) }
}

extension Substring {
  fileprivate func trimmingSpaces() -> Substring {
    var result = self
    while result.first == " " || result.first == "\t" { result.removeFirst() }
    while result.last == " " || result.last == "\t" { result.removeLast() }
    return result
  }
}
