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

  init(library: ReferenceLibrary?, encoding: PositionEncoding) {
    self.library = library
    self.encoding = encoding
  }

  /// The reference's URI and the range of `bytes` in it; the range is 0:0 when the reference is not in an open
  /// index (the link still names it).
  func location(indexIdentity: String, documentID: String, bytes: ByteRange) -> Location {
    let uri = DocumentURI.referenceURI(indexIdentity: indexIdentity, documentID: documentID)
    guard let (text, lines) = reference(indexIdentity: indexIdentity, documentID: documentID) else {
      return Location(uri: uri, range: .zero)
    }
    return Location(uri: uri, range: lines.range(ofUTF8: bytes.range, in: text, encoding: encoding))
  }

  func location(of match: ReferenceMatch) -> Location {
    location(indexIdentity: match.indexIdentity, documentID: match.documentID, bytes: match.referenceRange)
  }

  /// The text and line table of a reference, read once.
  func reference(indexIdentity: String, documentID: String) -> (text: [UInt8], lines: EditorLineTable)? {
    let key = indexIdentity + "/" + documentID
    if let known = opened[key] { return known }
    let found = library?.document(indexIdentity: indexIdentity, documentID: documentID).map {
      ($0.text, EditorLineTable($0.text))
    }
    opened[key] = found
    return found
  }
}
