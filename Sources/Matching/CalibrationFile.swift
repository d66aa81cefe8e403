import Foundation
import ReferenceIndex
import TextProcessing

/// A calibration as loaded from disk: the fit, where it came from, and the digest of its bytes, which evidence
/// reports record so that another auditor can check they used the same file.
public struct CalibrationFile: Sendable, Hashable {
  public var calibration: NullCalibration
  public var path: String
  /// SHA-256 of the file's bytes, lower-case hex.
  public var sha256: String

  public init(calibration: NullCalibration, path: String, sha256: String) {
    self.calibration = calibration
    self.path = path
    self.sha256 = sha256
  }

  /// Reads and decodes a calibration file; a file of another kind or version is refused with one line.
  public static func load(path: String) throws -> CalibrationFile {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw CalibrationError.cannotRead(path: path, reason: (error as NSError).localizedFailureReason ?? "unreadable")
    }
    return try decode(data, path: path)
  }

  /// Decodes and checks a calibration file's bytes (read from `path`, which the errors name).
  public static func decode(_ data: Data, path: String) throws -> CalibrationFile {
    struct Kind: Decodable {
      var format: String?
      var version: Int?
      var scoring: Int?
    }
    guard let kind = try? JSONDecoder().decode(Kind.self, from: data), kind.format == NullCalibration.formatName
    else { throw CalibrationError.notACalibration(path: path) }
    guard kind.version == NullCalibration.formatVersion else {
      throw CalibrationError.unsupportedVersion(path: path, found: kind.version ?? 0)
    }
    guard kind.scoring == NullCalibration.scoringVersion else {
      throw CalibrationError.otherScoring(path: path, found: kind.scoring ?? 0)
    }
    let calibration: NullCalibration
    do {
      calibration = try JSONDecoder().decode(NullCalibration.self, from: data)
    } catch {
      throw CalibrationError.malformed(path: path, detail: "\(error)")
    }
    if let problem = calibration.problem { throw CalibrationError.malformed(path: path, detail: problem) }
    return CalibrationFile(calibration: calibration, path: path, sha256: SHA256.hexDigest(Array(data)))
  }

  /// Writes the calibration atomically (temporary file, then rename) and returns it as loaded.
  public static func write(_ calibration: NullCalibration, to path: String) throws -> CalibrationFile {
    let bytes = try calibration.encoded()
    if let problem = ReplacingFileWrite.write(bytes, to: path) {
      throw CalibrationError.cannotWrite(path: path, reason: problem)
    }
    return CalibrationFile(calibration: calibration, path: path, sha256: SHA256.hexDigest(bytes))
  }

  /// Refuses a calibration made for other indexes or looser thresholds than the scan's: its E-values would be
  /// wrong, and a wrong E-value is worse than none.
  public func check(references: ReferenceIndexSet, background: ReferenceIndexSet?, parameters: ScanParameters) throws {
    let c = calibration
    guard c.reference.identity == references.identity else {
      throw CalibrationError.stale(
        path: path,
        detail: "it was made for reference index \(c.reference.identity) (\(c.reference.documents) documents), "
          + "the scan uses \(references.identity) (\(references.documentCount) documents)")
    }
    guard let background else {
      throw CalibrationError.stale(
        path: path,
        detail: "it was made with the panel \(c.panel.identity) as background, and the scan has no background index; "
          + "give that panel as the background")
    }
    guard c.panel.identity == background.identity else {
      throw CalibrationError.stale(
        path: path,
        detail: "it was made with the panel \(c.panel.identity) (\(c.panel.documents) answers), "
          + "the scan's background is \(background.identity) (\(background.documentCount) answers)")
    }
    guard parameters.minTokens >= c.minTokens, parameters.minSimilarity >= c.minSimilarity,
      parameters.maxSeedDocuments == c.maxSeedDocuments
    else {
      throw CalibrationError.stale(
        path: path,
        detail: "it was made with minTokens \(c.minTokens), minSimilarity \(c.minSimilarity), maxSeedDocuments "
          + "\(c.maxSeedDocuments); the scan uses \(parameters.minTokens), \(parameters.minSimilarity), "
          + "\(parameters.maxSeedDocuments) (a scan may only be stricter)")
    }
  }
}

/// Why a calibration file cannot be used; each case names the file and ends in what to do.
public enum CalibrationError: Error, CustomStringConvertible, Sendable, Hashable {
  case cannotRead(path: String, reason: String)
  case cannotWrite(path: String, reason: String)
  case notACalibration(path: String)
  case unsupportedVersion(path: String, found: Int)
  case otherScoring(path: String, found: Int)
  case malformed(path: String, detail: String)
  case stale(path: String, detail: String)
  case emptyPanel(detail: String)

  public var description: String {
    switch self {
    case .cannotRead(let path, let reason): "\(path): cannot read calibration: \(reason)"
    case .cannotWrite(let path, let reason): "\(path): cannot write calibration: \(reason)"
    case .notACalibration(let path): "\(path): not an echolens calibration file"
    case .unsupportedVersion(let path, let found):
      "\(path): calibration format version \(found) is not supported (this echolens reads version "
        + "\(NullCalibration.formatVersion)); run `echolens calibrate` again"
    case .otherScoring(let path, let found):
      "\(path): calibration was made for scoring version \(found), this echolens scores with version "
        + "\(NullCalibration.scoringVersion); run `echolens calibrate` again"
    case .malformed(let path, let detail): "\(path): calibration file is damaged: \(detail)"
    case .stale(let path, let detail):
      "\(path): calibration does not fit this scan: \(detail); run `echolens calibrate` again"
    case .emptyPanel(let detail): "cannot calibrate: \(detail)"
    }
  }
}
