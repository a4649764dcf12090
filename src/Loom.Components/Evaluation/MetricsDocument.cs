using System.Text.Json;
using System.Text.Json.Serialization;
using Loom.Sdk;

namespace Loom.Components.Evaluation;

/// <summary>The content of a metrics artifact: named numbers, plus the confusion matrix for classifiers.</summary>
internal sealed record MetricsDocument
{
    /// <summary>The model's task: binary, regression, multiclass, ranking, clustering or anomaly.</summary>
    public required string Task { get; init; }

    /// <summary>Rows evaluated.</summary>
    public required long Rows { get; init; }

    /// <summary>Metric name to value.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>For classifiers: the confusion matrix.</summary>
    public ConfusionMatrixDocument? ConfusionMatrix { get; init; }

    /// <summary>For binary classifiers: the ROC and precision-recall curves, at most <see cref="CurveDocument.MaxPoints"/> points each.</summary>
    public IReadOnlyList<CurveDocument>? Curves { get; init; }

    /// <summary>For cross-validation: each fold's metrics, in fold order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? Folds { get; init; }

    /// <summary>For a search: the parameters of the model these metrics measure.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    public Task WriteAsync(IComponentContext context, string port) =>
        context.WriteOutputAsync(port, (stream, cancellationToken) => JsonSerializer.SerializeAsync(stream, this, LoomJson.Options, cancellationToken));
}
