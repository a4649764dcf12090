using Loom.Components.Models;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <summary>The featurization chosen for a table: an estimator producing <c>Features</c>, the raw columns it reads, and why.</summary>
/// <param name="Estimator">Estimator from raw columns to the <c>Features</c> vector.</param>
/// <param name="Inputs">Raw columns read.</param>
/// <param name="Decisions">One line per column saying how it is used or why it is dropped.</param>
/// <param name="Features">What each used column becomes, in the order of the <c>Features</c> vector (code generation writes this out).</param>
/// <param name="Normalize">Whether numeric features are scaled by their range.</param>
internal sealed record FeaturePlan(IEstimator<ITransformer> Estimator, IReadOnlyList<ModelColumn> Inputs, IReadOnlyList<string> Decisions, IReadOnlyList<PlannedFeature> Features, bool Normalize)
{
    /// <summary>Name of the feature vector column.</summary>
    public const string Column = "Features";
}

/// <summary>How automatic featurization uses one column.</summary>
internal enum FeatureKind
{
    /// <summary>A number as a 32-bit float, missing values replaced by the training mean.</summary>
    Number,

    /// <summary>true/false as 1/0.</summary>
    Boolean,

    /// <summary>A category, one-hot.</summary>
    OneHot,

    /// <summary>A category with very many values, one-hot over 2^12 hash buckets.</summary>
    HashedOneHot,

    /// <summary>Free text as word and character n-grams.</summary>
    Text,

    /// <summary>A vector made by an earlier transform, used as it is.</summary>
    Vector,
}

/// <summary>One column of a <see cref="FeaturePlan"/>: how it is featurized, and for numbers whether a missing indicator follows it.</summary>
internal sealed record PlannedFeature(string Column, FeatureKind Kind, bool MissingIndicator = false);
