import Matching

/// What the verdict needs of one finding: where it is, its kind, its best model and any identity claim.
///
/// Both a fresh `ScanResult` and a `scan --format json` record reduce to this, so the two paths count alike.
public struct ObservedPassage: Sendable, Hashable {
  public var utf8Start: Int
  public var utf8End: Int
  public var kind: FindingKind
  /// The model of the best reference match, for echo and common-text findings.
  public var model: String?
  public var identity: SelfIdentification?

  public init(utf8Start: Int, utf8End: Int, kind: FindingKind, model: String?, identity: SelfIdentification?) {
    self.utf8Start = utf8Start
    self.utf8End = utf8End
    self.kind = kind
    self.model = model
    self.identity = identity
  }
}
