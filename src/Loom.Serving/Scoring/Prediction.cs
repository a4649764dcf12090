namespace Loom.Serving.Scoring;

/// <summary>
/// A model's answer for one row. <see cref="Label"/> is the class (binary, multiclass) as the label's text;
/// <see cref="Value"/> the number (regression, ranking: the score; clustering: the cluster); <see cref="Flag"/>
/// whether the row is an anomaly; <see cref="Probability"/> of the predicted class (binary: of the positive class);
/// <see cref="Score"/> the raw score (binary, anomaly); <see cref="Probabilities"/> one per class (multiclass).
/// </summary>
public sealed record Prediction(
    string? Label = null,
    double? Value = null,
    bool? Flag = null,
    double? Probability = null,
    double? Score = null,
    IReadOnlyDictionary<string, double>? Probabilities = null);
