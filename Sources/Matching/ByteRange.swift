/// A half-open range of UTF-8 byte offsets, coded in JSON as `{"utf8Start": s, "utf8End": e}`.
public struct ByteRange: Codable, Sendable, Hashable, Comparable {
  public var utf8Start: Int
  public var utf8End: Int

  public init(utf8Start: Int, utf8End: Int) {
    precondition(utf8Start <= utf8End, "a byte range cannot end before it starts")
    self.utf8Start = utf8Start
    self.utf8End = utf8End
  }

  public init(_ range: Range<Int>) { self.init(utf8Start: range.lowerBound, utf8End: range.upperBound) }

  public var range: Range<Int> { utf8Start..<utf8End }
  public var count: Int { utf8End - utf8Start }

  public func overlaps(_ other: ByteRange) -> Bool { utf8Start < other.utf8End && other.utf8Start < utf8End }

  public static func < (lhs: ByteRange, rhs: ByteRange) -> Bool {
    (lhs.utf8Start, lhs.utf8End) < (rhs.utf8Start, rhs.utf8End)
  }
}
