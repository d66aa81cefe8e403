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

  /// The URI that names reference `documentID` of the index with identity `indexIdentity`, for definitions and
  /// `relatedInformation`: `echolens-index:///<indexIdentity>/<documentID percent-encoded>`.
  public static func referenceURI(indexIdentity: String, documentID: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "/?#[]@%")
    let encoded = documentID.addingPercentEncoding(withAllowedCharacters: allowed) ?? documentID
    return "echolens-index:///\(indexIdentity)/\(encoded)"
  }

  /// The index identity and document id a reference URI names; nil for any other URI.
  public static func referenceName(of uri: String) -> (indexIdentity: String, documentID: String)? {
    let prefix = "\(referenceScheme):///"
    guard uri.hasPrefix(prefix) else { return nil }
    let path = uri.dropFirst(prefix.count)
    guard let slash = path.firstIndex(of: "/") else { return nil }
    let identity = String(path[..<slash])
    guard !identity.isEmpty, let id = String(path[path.index(after: slash)...]).removingPercentEncoding, !id.isEmpty
    else { return nil }
    return (identity, id)
  }
}
