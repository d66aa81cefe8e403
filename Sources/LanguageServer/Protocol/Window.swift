import JSONRPC

/// `window/showMessage`.
public struct ShowMessageNotification: NotificationType, Hashable {
  public static let method = "window/showMessage"
  /// 1 error, 2 warning, 3 info, 4 log.
  public var type: Int
  public var message: String
}

/// `window/showDocument` (server to client): opens the exported report.
public struct ShowDocumentRequest: RequestType, Hashable {
  public struct Result: Codable, Hashable, Sendable { public var success: Bool }
  public typealias Response = Result
  public static let method = "window/showDocument"
  public var uri: String
  public var external: Bool?
  public var takeFocus: Bool?
}

/// `window/workDoneProgress/create` (server to client).
public struct WorkDoneProgressCreateRequest: RequestType, Hashable {
  public typealias Response = NullResult
  public static let method = "window/workDoneProgress/create"
  public var token: ProgressToken
}

/// `$/progress` with a work-done payload.
public struct ProgressNotification: NotificationType, Hashable {
  public static let method = "$/progress"
  public var token: ProgressToken
  public var value: WorkDoneProgress
}

/// The spec's `integer | string` token.
public enum ProgressToken: Codable, Hashable, Sendable {
  case number(Int)
  case string(String)

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let number = try? c.decode(Int.self) {
      self = .number(number)
    } else {
      self = .string(try c.decode(String.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .number(let number): try c.encode(number)
    case .string(let string): try c.encode(string)
    }
  }
}

public struct WorkDoneProgress: Codable, Hashable, Sendable {
  /// `begin`, `report` or `end`.
  public var kind: String
  public var title: String?
  public var message: String?
  public var cancellable: Bool?
  /// 0...100, in `report`.
  public var percentage: Int?
}
