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

  /// The URI that names reference `documentID` of the index with identity `indexIdentity`, for
  /// `relatedInformation`: `echolens-index:///<indexIdentity>/<documentID percent-encoded>`.
  public static func referenceURI(indexIdentity: String, documentID: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "/?#[]@%")
    let encoded = documentID.addingPercentEncoding(withAllowedCharacters: allowed) ?? documentID
    return "echolens-index:///\(indexIdentity)/\(encoded)"
  }
}
