/// A 1-based line and column of a byte offset in a file, in the column units that each output needs.
///
/// The engine speaks UTF-8 byte offsets; people and tools speak lines and columns. Both column units are kept so
/// that the evidence report (UTF-8 columns, exact for `dd`/`cut -b`) and the compiler-style output and SARIF
/// (Unicode scalar columns, what a terminal user counts) come from one computation.
public struct FilePosition: Codable, Sendable, Hashable {
  /// 1-based line number; lines end at LF, CRLF or a lone CR.
  public var line: Int
  /// 1-based column counted in UTF-8 bytes from the start of the line.
  public var utf8Column: Int
  /// 1-based column counted in Unicode scalars (code points) from the start of the line.
  public var scalarColumn: Int

  public init(line: Int, utf8Column: Int, scalarColumn: Int) {
    self.line = line
    self.utf8Column = utf8Column
    self.scalarColumn = scalarColumn
  }
}
