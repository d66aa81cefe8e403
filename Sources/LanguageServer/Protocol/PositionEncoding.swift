/// The unit of `Position.encodedColumn`, agreed in `initialize` (LSP 3.17 `positionEncoding`).
///
/// UTF-16 is the default every client must support; UTF-8 is chosen when the client offers it because it is the
/// engine's own unit and costs no conversion. UTF-32 is not offered.
public enum PositionEncoding: String, Codable, Hashable, Sendable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"

  /// The encoding to use given the client's `general.positionEncodings` (nil when it sent none).
  public static func negotiated(clientOffers offers: [String]?) -> PositionEncoding {
    guard let offers else { return .utf16 }
    return offers.contains(PositionEncoding.utf8.rawValue) ? .utf8 : .utf16
  }
}
