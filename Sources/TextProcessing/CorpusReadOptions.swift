/// How the corpus reader finds each record's fields (`echolens index build --text-field …`).
public struct CorpusReadOptions: Sendable {
  /// The field holding the reference text of a flat record.
  public var textField = "output"
  /// The field holding the record's id; without it the id is `<file basename>:<line>`.
  public var idField = "id"
  /// The field holding the model name.
  public var modelField = "model"
  /// The field holding the prompt, if any.
  public var promptField = "prompt"
  /// `--model NAME`: labels every record with this model, over any model field, so that an input without model
  /// fields (or with inconsistent ones) can still be indexed under one name.
  public var model: String?

  public init() {}
}
