using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Loom.Components.Features;

/// <summary>
/// Chooses sensible featurization per column type: numbers imputed (mean) with a missing indicator,
/// booleans as 0/1, low-cardinality text one-hot, high-cardinality text hashed, free text as n-grams,
/// id-like and constant columns dropped.
/// </summary>
internal static class AutoFeaturizer
{
    /// <summary>Hash buckets of a hashed one-hot column, as a power of two.</summary>
    public const int HashBits = 12;

    private const int MaxOneHotCategories = 1000;

    public static FeaturePlan Plan(MLContext ml, TableProfile table, IReadOnlyCollection<string> exclude, bool normalize, string step)
    {
        var parts = new List<string>();
        var inputs = new List<ModelColumn>();
        var decisions = new List<string>();
        var features = new List<PlannedFeature>();
        var numbers = new NumericColumns(normalize);
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var column in table.Columns.Where(c => !exclude.Contains(c.Name) && !c.Name.StartsWith("__loom_", StringComparison.Ordinal)))
        {
            var feature = "__f_" + column.Name;
            switch (column.Shape)
            {
                case ColumnShape.Number:
                    chain = Numeric(ml, chain, column, feature, numbers, parts, decisions);
                    features.Add(new PlannedFeature(column.Name, FeatureKind.Number, column.Missing > 0));
                    inputs.Add(new ModelColumn(column.Name, "number"));
                    break;
                case ColumnShape.Boolean:
                    chain = chain.Append(ml.Transforms.Conversion.ConvertType(feature, column.Name, DataKind.Single));
                    parts.Add(feature);
                    features.Add(new PlannedFeature(column.Name, FeatureKind.Boolean));
                    inputs.Add(new ModelColumn(column.Name, "boolean"));
                    decisions.Add($"{column.Name}: boolean as 0/1");
                    break;
                case ColumnShape.Text:
                    if (Text(ml, column, feature, decisions) is var (estimator, kind))
                    {
                        chain = chain.Append(estimator);
                        features.Add(new PlannedFeature(column.Name, kind));
                        parts.Add(feature);
                        inputs.Add(new ModelColumn(column.Name, "text"));
                    }

                    break;
                case ColumnShape.Vector:
                    parts.Add(column.Name);
                    features.Add(new PlannedFeature(column.Name, FeatureKind.Vector));
                    decisions.Add($"{column.Name}: {column.VectorSize} features from an earlier transform, used as they are");
                    break;
                default:
                    decisions.Add($"{column.Name}: dropped, its type is not one automatic featurization handles");
                    break;
            }
        }

        if (parts.Count == 0)
        {
            throw new DataException($"step '{step}': no usable feature columns; the table has only {string.Join(", ", table.Columns.Select(c => c.Name))}");
        }

        chain = numbers.Append(ml, chain).Append(ml.Transforms.Concatenate(FeaturePlan.Column, [.. parts]));
        return new FeaturePlan(chain, inputs, decisions, features, normalize);
    }

    /// <summary>
    /// A number as a 32-bit feature, missing values imputed with the mean (with a missing indicator when
    /// the training rows have missing values), and scaled by its range when asked. Only numbers are
    /// scaled: one-hot, boolean and text features already lie in [0, 1], and scaling sparse n-grams by
    /// their maximum would inflate rare words.
    /// </summary>
    private static IEstimator<ITransformer> Numeric(MLContext ml, IEstimator<ITransformer> chain, ColumnProfile numbers, string feature, NumericColumns fitted, List<string> parts, List<string> decisions)
    {
        var normalize = fitted.Normalize;
        // Tables keep 64-bit numbers; learners read 32-bit features.
        var single = feature + "__f32";
        chain = chain.Append(ml.Transforms.Conversion.ConvertType(single, numbers.Name, DataKind.Single));
        var scaled = normalize ? ", scaled to its range" : "";
        // Missing values are replaced by the training mean even when training had none, so a row with a
        // hole at scoring time still gets a prediction; the indicator is added only when training had holes.
        if (numbers.Missing > 0)
        {
            var indicator = feature + "__missing";
            parts.Add(indicator + "_f");
            decisions.Add($"{numbers.Name}: number, {numbers.Missing} missing value(s) imputed with the mean, plus a missing indicator{scaled}");
            chain = chain
                .Append(ml.Transforms.IndicateMissingValues(indicator, single))
                .Append(ml.Transforms.Conversion.ConvertType(indicator + "_f", indicator, DataKind.Single));
        }
        else
        {
            decisions.Add($"{numbers.Name}: number (a value missing when scoring gets the training mean){scaled}");
        }

        parts.Insert(parts.Count - (numbers.Missing > 0 ? 1 : 0), fitted.Add(feature, single));
        return chain;
    }

    /// <summary>
    /// The numeric columns' mean imputation and scaling, each fitted for all columns at once: one
    /// pass over the table per estimator rather than one per column, which matters on large tables.
    /// </summary>
    private sealed class NumericColumns(bool normalize)
    {
        private readonly List<InputOutputColumnPair> imputed = [];
        private readonly List<InputOutputColumnPair> scaled = [];

        public bool Normalize => normalize;

        /// <summary>Plans one column; returns the name of its finished feature.</summary>
        public string Add(string feature, string single)
        {
            imputed.Add(new InputOutputColumnPair(feature, single));
            if (!normalize)
            {
                return feature;
            }

            scaled.Add(new InputOutputColumnPair(feature + "__scaled", feature));
            return feature + "__scaled";
        }

        public IEstimator<ITransformer> Append(MLContext ml, IEstimator<ITransformer> chain)
        {
            if (imputed.Count > 0)
            {
                chain = chain.Append(ml.Transforms.ReplaceMissingValues([.. imputed], MissingValueReplacingEstimator.ReplacementMode.Mean));
            }

            return scaled.Count > 0 ? chain.Append(ml.Transforms.NormalizeMinMax([.. scaled])) : chain;
        }
    }

    private static (IEstimator<ITransformer> Estimator, FeatureKind Kind)? Text(MLContext ml, ColumnProfile text, string feature, List<string> decisions)
    {
        var present = text.Rows - text.Missing;
        if (text.Distinct <= 1)
        {
            decisions.Add($"{text.Name}: dropped, constant");
            return null;
        }

        if (text.MeanWords >= 3)
        {
            decisions.Add($"{text.Name}: free text, word and character n-grams");
            return (ml.Transforms.Text.FeaturizeText(feature, text.Name), FeatureKind.Text);
        }

        var distinct = text.DistinctCapped ? $"more than {ColumnProfile.DistinctCap}" : text.Distinct.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (text.DistinctShare > 0.9 && present > 20)
        {
            decisions.Add($"{text.Name}: dropped, id-like ({distinct} distinct values in {present} rows)");
            return null;
        }

        if (!text.DistinctCapped && text.Distinct <= MaxOneHotCategories)
        {
            decisions.Add($"{text.Name}: category, one-hot ({distinct} values)");
            return (ml.Transforms.Categorical.OneHotEncoding(feature, text.Name), FeatureKind.OneHot);
        }

        decisions.Add($"{text.Name}: category, hashed one-hot ({distinct} values)");
        return (ml.Transforms.Categorical.OneHotHashEncoding(feature, text.Name, numberOfBits: HashBits), FeatureKind.HashedOneHot);
    }
}
