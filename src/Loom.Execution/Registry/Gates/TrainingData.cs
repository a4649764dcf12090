using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Microsoft.Data.Analysis;

namespace Loom.Execution.Registry.Gates;

/// <summary>The tables a registered model was trained on, as its run's lineage records them.</summary>
internal sealed class TrainingData(Workspace workspace)
{
    /// <summary>The columns with missing values in the tables the model's step read, with how many rows miss each (most over the tables).</summary>
    /// <exception cref="LoomException">A table is gone from the artifact store.</exception>
    public async Task<IReadOnlyDictionary<string, long>> MissingValuesAsync(ModelVersionRecord version, CancellationToken cancellationToken)
    {
        var missing = new Dictionary<string, long>(StringComparer.Ordinal);
        var lineage = await workspace.Store.GetLineageAsync(version.RunId, cancellationToken).ConfigureAwait(false);
        foreach (var table in lineage.Where(l => l.Step == version.Step && !l.IsOutput && l.Kind == ArtifactKind.Table))
        {
            var path = await workspace.Artifacts.TryGetVerifiedPathAsync(table.Sha256, cancellationToken).ConfigureAwait(false)
                ?? throw new LoomException($"the training table of version {version.Version} ('{table.Port}' of step '{version.Step}' in run {version.RunId}) is missing or damaged in the artifact store");
            foreach (var column in (await ParquetTables.ReadAsync(path, cancellationToken).ConfigureAwait(false)).Columns)
            {
                if (Missing(column) is > 0 and var count)
                {
                    missing[column.Name] = Math.Max(missing.GetValueOrDefault(column.Name), count);
                }
            }
        }

        return missing;
    }

    /// <summary>Missing values of a column: nulls, and NaN in number columns (how Loom's readers write a missing number).</summary>
    private static long Missing(DataFrameColumn column) => column switch
    {
        DoubleDataFrameColumn numbers => numbers.LongCount(v => v is not { } n || double.IsNaN(n)),
        SingleDataFrameColumn numbers => numbers.LongCount(v => v is not { } n || float.IsNaN(n)),
        _ => column.NullCount,
    };
}
