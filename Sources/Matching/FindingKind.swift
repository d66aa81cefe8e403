/// The kinds of finding the engine reports; the string is the diagnostic `code` and the JSON `kind`.
public enum FindingKind: String, Codable, Sendable, CaseIterable, Hashable {
  /// A passage that closely matches a reference model's known output.
  case echo
  /// The transcript's model says it is, or was made by, another model or maker.
  case selfIdentification = "self-identification"
  /// A passage that matches the reference, but matches the background (text by unrelated models and people) about
  /// as well, so it is not evidence of copying.
  case commonText = "common-text"
}
