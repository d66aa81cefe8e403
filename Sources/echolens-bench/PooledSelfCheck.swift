import Matching

/// The calibration self-check summed over every model fold of the `calibration` section.
///
/// One fold's check rests on a handful of passages, and its panel is a few models whose closeness to the reference
/// differs (fold 2's OASST-trained models echo the vendors more than fold 1's answers do, so a calibration on them is
/// conservative for fold 1). Summed over the folds, the count says whether the fit is biased as a method, apart from
/// how far one panel differs from the answers it was not fitted to.
struct PooledSelfCheck {
  struct Point {
    var observed = 0
    var expected = 0.0
    /// Folds whose own check applied (expected count at least 5), and how many of them were within a factor of 2.
    var checkedFolds = 0
    var foldsWithin = 0
  }

  private(set) var points: [Double: Point] = [:]

  /// Adds one self-check figure to `table`: checked against the factor of 2 where enough passages are expected
  /// (the rule `echolens calibrate` applies, `CalibrationSelfCheck.Row`), else only shown.
  static func addRow(to table: inout ResultTable, name: String, observed: Int, expected: Double) {
    let row = CalibrationSelfCheck.Row(threshold: 0, observed: observed, expected: expected)
    guard row.isJudged else {
      table.info(name, "\(observed)")
      return
    }
    table.rows.append(
      ResultTable.Row(
        name: name, value: "\(observed) (x\(Format.fixed(row.ratio, 2)))",
        target: "within x0.5 - x2", verdict: row.isWithin ? .pass : .fail))
  }

  mutating func add(x: Double, observed: Int, expected: Double) {
    var p = points[x] ?? Point()
    p.observed += observed
    p.expected += expected
    let row = CalibrationSelfCheck.Row(threshold: x, observed: observed, expected: expected)
    if row.isJudged {
      p.checkedFolds += 1
      if row.isWithin { p.foldsWithin += 1 }
    }
    points[x] = p
  }

  func render() -> String {
    var table = ResultTable("calibration: self-check summed over the model folds above (not the question split)")
    for (x, p) in points.sorted(by: { $0.key < $1.key }) {
      let name =
        "passages with E <= \(x) (expected \(Format.fixed(p.expected, 1)); folds within x0.5 - x2: "
        + "\(p.foldsWithin)/\(p.checkedFolds))"
      Self.addRow(to: &table, name: name, observed: p.observed, expected: p.expected)
    }
    return table.render()
  }
}
