import JSONRPC
import Matching
import ReferenceIndex

/// Turns a reference match into a location an editor can open: the reference answer's URI and the matched region
/// in the negotiated position encoding.
///
/// One locator serves one batch of passages and keeps each reference's text and line table, so a reference named by
/// many passages is read once.
final class ReferenceLocator {
  let library: ReferenceLibrary?
  let encoding: PositionEncoding
  private var opened: [String: (text: [UInt8], lines: EditorLineTable)?] = [:]
  /// A reference as links name it.
  struct Name {
    var indexIdentity: String
    var documentNumber: Int?
    var documentID: String
  }

  init(library: ReferenceLibrary?, encoding: PositionEncoding) {
    self.library = library
    self.encoding = encoding
  }

  /// The reference's URI and the range of `bytes` in it; the range is 0:0 when the reference is not in an open
  /// index (the link still names it).
  func location(of name: Name, bytes: ByteRange) -> Location {
    let uri = DocumentURI.referenceURI(
      indexIdentity: name.indexIdentity, documentNumber: name.documentNumber, documentID: name.documentID)
    guard let (text, lines) = reference(name) else { return Location(uri: uri, range: .zero) }
    return Location(uri: uri, range: lines.range(ofUTF8: bytes.range, in: text, encoding: encoding))
  }

  func location(of match: ReferenceMatch) -> Location {
    location(of: Self.name(of: match), bytes: match.referenceRange)
  }

  static func name(of match: ReferenceMatch) -> Name {
    Name(indexIdentity: match.indexIdentity, documentNumber: match.documentNumber, documentID: match.documentID)
  }

  /// The text and line table of a reference, read once.
  func reference(_ name: Name) -> (text: [UInt8], lines: EditorLineTable)? {
    let key = name.indexIdentity + "/" + (name.documentNumber.map { "\($0)/" } ?? "") + name.documentID
    if let known = opened[key] { return known }
    let found = library?.document(
      indexIdentity: name.indexIdentity, documentNumber: name.documentNumber, documentID: name.documentID
    ).map { ($0.text, EditorLineTable($0.text)) }
    opened[key] = found
    return found
  }
}
