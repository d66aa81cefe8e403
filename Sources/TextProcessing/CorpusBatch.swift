/// The records read from about `targetBytes` of input, in input order.
public struct CorpusBatch: Sendable {
  public var records: [CorpusRecord]
  /// The bad records met in this batch, in input order.
  public var problems: [CorpusProblem]
  /// Input bytes consumed by this batch, for progress and throughput reporting.
  public var inputBytes: Int

  public init(records: [CorpusRecord], problems: [CorpusProblem], inputBytes: Int) {
    self.records = records
    self.problems = problems
    self.inputBytes = inputBytes
  }
}
