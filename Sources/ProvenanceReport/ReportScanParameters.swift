import Matching

/// The scan parameters of a report (`Protocol/PROVENANCE.md`).
///
/// Looser than `scan`'s defaults, so that shorter rare shared spans count too; one such passage is weak evidence,
/// and the test over all answers, not each passage, carries the weight. `echolens report`, the language server's
/// `echolens.writeReport` and the benchmark all start from these.
public enum ReportScanParameters {
  public static var defaults: ScanParameters {
    var p = ScanParameters()
    p.minTokens = 10
    p.minSimilarity = 0.6
    p.maxEValue = 1
    p.maxUncalibratedEValue = 1
    p.kinds = [.echo, .commonText, .selfIdentification]
    return p
  }

  /// The `scan` flags that give the same parameters, for partitioned jobs.
  public static let scanFlags =
    "--min-tokens 10 --min-similarity 0.6 --max-evalue 1 --max-uncalibrated-evalue 1 "
    + "--kinds echo,common-text,self-identification"
}
