import JSONRPC

/// `textDocument/codeAction`.
public struct CodeActionRequest: RequestType, Hashable {
  public typealias Response = [CodeActionOrCommand]
  public static let method = "textDocument/codeAction"
  public var textDocument: TextDocumentIdentifier
  public var range: TextRange
  public var context: Context

  public struct Context: Codable, Hashable, Sendable {
    public var diagnostics: [Diagnostic]
    public var only: [String]?
  }
}

public struct Command: Codable, Hashable, Sendable {
  public var title: String
  public var command: String
  public var arguments: [JSONValue]?
}

public struct CodeAction: Codable, Hashable, Sendable {
  public var title: String
  public var kind: String
  public var diagnostics: [Diagnostic]?
  public var isPreferred: Bool?
  public var command: Command
}

/// The spec's `(Command | CodeAction)[]`: literals for clients that support them, bare commands otherwise.
public enum CodeActionOrCommand: Codable, Hashable, Sendable {
  case action(CodeAction)
  case command(Command)

  /// A `CodeAction` has a `kind` or `edit`/`diagnostics`; a `Command` has a string `command` member.
  public init(from decoder: any Decoder) throws {
    if let action = try? CodeAction(from: decoder) {
      self = .action(action)
    } else {
      self = .command(try Command(from: decoder))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .action(let action): try action.encode(to: encoder)
    case .command(let command): try command.encode(to: encoder)
    }
  }
}

/// `workspace/executeCommand`: the echolens commands (`ServerCommand`).
public struct ExecuteCommandRequest: RequestType, Hashable {
  public typealias Response = JSONValue
  public static let method = "workspace/executeCommand"
  public var command: String
  public var arguments: [JSONValue]?
}
