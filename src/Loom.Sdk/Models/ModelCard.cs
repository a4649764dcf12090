namespace Loom.Sdk.Models;

/// <summary>
/// What Loom records beside an ML.NET model: the task, how the label was read, and the raw input
/// columns, so evaluation, scoring, serving and code generation can use the model without guessing.
/// A model's prediction columns follow its task: binary models give <c>Prediction</c> (the class, as the label's
/// text), <c>Probability</c> (of the positive class) and <c>Score</c>; regression and ranking models give
/// <c>Score</c>; multiclass models give <c>Prediction</c> and <c>Score</c> (one per class, in <see cref="Classes"/> order).
/// </summary>
public sealed record ModelCard
{
    /// <summary>binary, regression, multiclass, ranking, clustering, anomaly, or transform (a fitted feature transform with no trainer).</summary>
    public required string Task { get; init; }

    /// <summary>Label column the model was trained on; null for a transform.</summary>
    public string? Label { get; init; }

    /// <summary>For binary: the label value treated as positive (true).</summary>
    public string? PositiveClass { get; init; }

    /// <summary>For binary: the other label value.</summary>
    public string? NegativeClass { get; init; }

    /// <summary>For multiclass: the classes, in key order.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>For ranking: the column naming each row's group.</summary>
    public string? Group { get; init; }

    /// <summary>Raw input columns the model reads, with their types (number, boolean, text).</summary>
    public required IReadOnlyList<ModelColumn> Inputs { get; init; }

    /// <summary>Component that produced the model, <c>name@version</c>.</summary>
    public required string Producer { get; init; }

    /// <summary>Trainer or transform parameters, as text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}
