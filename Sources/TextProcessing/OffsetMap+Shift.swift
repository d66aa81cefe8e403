extension OffsetMap {
  /// How many bytes later every offset of `self` lies in `other`, when the two maps differ only by that; nil
  /// otherwise.
  ///
  /// A segment whose text did not change but which moved in its file (an edit in an earlier record) maps decoded
  /// offsets to raw offsets shifted by one constant, so its findings can be moved instead of found again.
  public func shift(to other: OffsetMap) -> Int? {
    guard breakpoints.count == other.breakpoints.count, let first = breakpoints.first,
      let moved = other.breakpoints.first
    else { return nil }
    let delta = moved.raw - first.raw
    for (a, b) in zip(breakpoints, other.breakpoints) where a.decoded != b.decoded || b.raw - a.raw != delta {
      return nil
    }
    return delta
  }
}
