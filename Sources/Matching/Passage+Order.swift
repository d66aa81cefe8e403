extension Passage {
  /// The order the passage limit keeps passages in: strongest first (self-identifications, which have no bits,
  /// before any echo), then by position, then by id.
  ///
  /// A total order, so that which passages survive the limit depends only on the passages, never on the order they
  /// were found in: the language server chooses the survivors among the candidates of reused and rescanned pieces
  /// (`reportedPassages(of:)`) and must keep those a full scan keeps.
  static func isStronger(_ a: Passage, than b: Passage) -> Bool {
    let (x, y) = (a.best?.bits ?? .infinity, b.best?.bits ?? .infinity)
    if x != y { return x > y }
    if a.range != b.range { return a.range < b.range }
    return a.id < b.id
  }

  /// The order of a scan's result: by position, then by id.
  static func isBefore(_ a: Passage, _ b: Passage) -> Bool {
    a.range != b.range ? a.range < b.range : a.id < b.id
  }
}
