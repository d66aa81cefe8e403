import Foundation

extension ResponseError {
  /// The one place where any Swift error becomes a response error.
  ///
  /// Handlers throw whatever fits their layer; the connection calls this when it replies, so a decoding problem is
  /// always -32602 naming the field at fault, and nothing reaches the client as a crash or as silence.
  public init(_ error: any Error) {
    switch error {
    case let error as ResponseError:
      self = error
    case let error as DecodingError:
      self.init(code: .invalidParams, message: "invalid params: \(Self.describe(error))")
    case let error as CancellationError:
      _ = error
      self = .cancelled
    default:
      self.init(code: .internalError, message: "internal error: \(error)")
    }
  }

  /// A one-line account of a decoding error that names the field path, e.g. `textDocument.uri: expected String`.
  package static func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      let keys = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
      let joined = keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
      return joined.isEmpty ? "params" : joined
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "\(path(context.codingPath)): expected \(type)"
    case .valueNotFound(let type, let context):
      return "\(path(context.codingPath)): expected \(type), found null"
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])): missing"
    case .dataCorrupted(let context):
      return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}
