using Loom.Components.CodeGen;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <summary>Replaces categories by how often they occur.</summary>
[Component("features.count-encode", "1.0.0", Example = "counts: { component: features.count-encode@1, inputs: { table: split.train }, params: { columns: [payment_method], mode: frequency } }", Category = "features", Description = "Replaces each category (text) in place by how often it occurs in the training rows, as a count or a share of the rows; one number per column whatever the number of categories. A category never seen in training becomes 0.")]
internal sealed class FeaturesCountEncode : FeatureStep
{
    [Parameter("columns", Required = true, Description = "Text columns to encode.")]
    public string[] Columns { get; set; } = [];

    [Parameter("mode", Choices = ["count", "frequency"], Description = "count: rows with the category; frequency: that count divided by the number of rows.")]
    public string Mode { get; set; } = "count";

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        Require(data, Columns, context.StepName, "columns", ColumnShape.Text);
        var counts = Columns.ToDictionary(c => c, _ => new Dictionary<string, long>(StringComparer.Ordinal));
        long rows = 0;
        using (var cursor = data.GetRowCursor(Columns.Select(c => data.Schema[c])))
        {
            var getters = Columns.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema[c])).ToArray();
            ReadOnlyMemory<char> value = default;
            while (cursor.MoveNext())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                rows++;
                for (var i = 0; i < Columns.Length; i++)
                {
                    getters[i](ref value);
                    var key = value.ToString();
                    counts[Columns[i]][key] = counts[Columns[i]].GetValueOrDefault(key) + 1;
                }
            }
        }

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var column in Columns)
        {
            var map = counts[column].Select(c => KeyValuePair.Create(c.Key, Mode == "frequency" ? (float)((double)c.Value / rows) : c.Value));
            chain = chain.Append(ml.Transforms.Conversion.MapValue(column, map, column));
        }

        return (chain, Columns);
    }

    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        step.Code.Member("ValueCounts", ValueCountsMember, step.Name);
        var lines = new List<string>();
        var estimators = new List<string>();
        foreach (var column in Columns)
        {
            var name = CSharpLiteral.Of(column);
            var counts = CSharpNames.Camel(column) + "Counts";
            lines.Add($"var {counts} = ValueCounts({view}, {name});");
            var value = Mode == "frequency" ? $"(float)((double)c.Value / table.Count)" : "(float)c.Value";
            estimators.Add($"ml.Transforms.Conversion.MapValue({name}, {counts}.Select(c => KeyValuePair.Create(c.Key, {value})), {name})");
        }

        lines.AddRange(FeatureCode.Chain("featurizer", estimators));
        return new FeatureEstimatorCode($"replaces the categories of {string.Join(", ", Columns.Select(c => $"'{c}'"))} by their {(Mode == "frequency" ? "share" : "number")} of training rows", lines);
    }

    private const string ValueCountsMember = """
        /// <summary>How many rows hold each value of a text column, in the order the values first occur.</summary>
        private static Dictionary<string, long> ValueCounts(IDataView data, string column) =>
            data.GetColumn<ReadOnlyMemory<char>>(column)
                .GroupBy(v => v.ToString(), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
        """;
}
