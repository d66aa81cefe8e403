import Foundation

/// Converts between `file:` URIs and paths; other schemes have no path (their documents are scanned, but evidence
/// export needs a path).
public enum DocumentURI {
  /// The path of a `file:` URI, percent-decoded; nil for other schemes.
  public static func path(of uri: String) -> String? {
    guard let url = URL(string: uri), url.isFileURL else { return nil }
    let path = url.path
    return path.isEmpty ? nil : path
  }

  /// The `file:` URI of an absolute path.
  public static func uri(ofPath path: String) -> String { URL(fileURLWithPath: path).absoluteString }

  /// The scheme of reference answers, which clients open through `echolens/referenceDocument`.
  public static let referenceScheme = "echolens-index"

  /// The URI that names reference answer number `documentNumber` (id `documentID`) of the index with identity
  /// `indexIdentity`, for definitions and `relatedInformation`:
  /// `echolens-index:///<indexIdentity>/<documentNumber>/<documentID percent-encoded>`.
  ///
  /// The number names the answer: ids repeat in a panel index, where every model's answer to a prompt has the
  /// prompt's id. The id comes last so that editors title the view by it. Without a number (a match read from an
  /// older scan output) the URI is `echolens-index:///<indexIdentity>/<documentID>`, which names the first answer
  /// with that id.
  public static func referenceURI(indexIdentity: String, documentNumber: Int?, documentID: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "/?#[]@%")
    let encoded = documentID.addingPercentEncoding(withAllowedCharacters: allowed) ?? documentID
    return "echolens-index:///\(indexIdentity)/\(documentNumber.map { "\($0)/" } ?? "")\(encoded)"
  }

  /// What a reference URI names: the index identity, the answer's number when the URI has one, and its id; nil for
  /// any other URI.
  public static func referenceName(
    of uri: String
  ) -> (indexIdentity: String, documentNumber: Int?, documentID: String)? {
    let prefix = "\(referenceScheme):///"
    guard uri.hasPrefix(prefix) else { return nil }
    // The id is percent-encoded, "/" included, so the path has two or three segments.
    let segments = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
    guard segments.count == 2 || segments.count == 3, !segments[0].isEmpty,
      let id = String(segments[segments.count - 1]).removingPercentEncoding, !id.isEmpty
    else { return nil }
    var number: Int?
    if segments.count == 3 {
      guard let n = Int(segments[1]), n >= 0, String(n) == segments[1] else { return nil }
      number = n
    }
    return (String(segments[0]), number, id)
  }
}
