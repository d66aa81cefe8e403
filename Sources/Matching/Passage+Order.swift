extension Passage {
  /// The order the passage limit keeps passages in, over indices of `passages`: strongest first (self-
  /// identifications, which have no bits, before any echo), then by position, then by id. `bits` holds each
  /// passage's best bits (infinity without a match), read once.
  ///
  /// A total order, so that which passages survive the limit depends only on the passages, never on the order they
  /// were found in: the language server chooses the survivors among the candidates of reused and rescanned pieces
  /// (`reportedPassages(of:)`) and must keep those a full scan keeps. Indices, not passages, are sorted: moving
  /// and copying passages (each holds a dozen reference-counted members) cost a tenth of a language server's
  /// rescan.
  static func strongerFirst(_ passages: UnsafeBufferPointer<Passage>, bits: [Double]) -> (Int, Int) -> Bool {
    { i, j in bits[i] != bits[j] ? bits[i] > bits[j] : inFileOrder(passages)(i, j) }
  }

  /// The order of a scan's result, over indices of `passages`: by position, then by id.
  static func inFileOrder(_ passages: UnsafeBufferPointer<Passage>) -> (Int, Int) -> Bool {
    { i, j in
      passages[i].range != passages[j].range
        ? passages[i].range < passages[j].range : passages[i].id < passages[j].id
    }
  }
}
