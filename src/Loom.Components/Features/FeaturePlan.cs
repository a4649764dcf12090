using Loom.Components.Models;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <summary>The featurization chosen for a table: an estimator producing <c>Features</c>, the raw columns it reads, and why.</summary>
/// <param name="Estimator">Estimator from raw columns to the <c>Features</c> vector.</param>
/// <param name="Inputs">Raw columns read.</param>
/// <param name="Decisions">One line per column saying how it is used or why it is dropped.</param>
internal sealed record FeaturePlan(IEstimator<ITransformer> Estimator, IReadOnlyList<ModelColumn> Inputs, IReadOnlyList<string> Decisions)
{
    /// <summary>Name of the feature vector column.</summary>
    public const string Column = "Features";
}
