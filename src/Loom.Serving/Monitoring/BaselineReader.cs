using System.Globalization;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Loom.Serving.Scoring;

namespace Loom.Serving.Monitoring;

/// <summary>
/// The baseline of a registered version: its training table (the table its trainer step read, found through the
/// run's lineage) read as requests are — up to <see cref="MaxRows"/> rows — and scored by the model, so the
/// training rows and the live rows are measured the same way.
/// </summary>
internal static class BaselineReader
{
    public const int MaxRows = 20_000;

    /// <summary>The baseline, or null when the version's training table is not known or not in the artifact store.</summary>
    public static async Task<Baseline?> ReadAsync(Workspace workspace, ModelVersionRecord version, RowScorer scorer, CancellationToken cancellationToken)
    {
        var lineage = await workspace.Store.GetLineageAsync(version.RunId, cancellationToken).ConfigureAwait(false);
        var table = lineage.FirstOrDefault(l => l.Step == version.Step && !l.IsOutput && l.Kind == ArtifactKind.Table);
        if (table is null || await workspace.Artifacts.TryGetVerifiedPathAsync(table.Sha256, cancellationToken).ConfigureAwait(false) is not { } path)
        {
            return null;
        }

        var fields = scorer.Parser.Fields.ToList();
        var observations = new List<Observation>();
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        await using var reader = await TableReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        await foreach (var batch in reader.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            var columns = fields.Select(f => batch.Columns.IndexOf(f.Name) is var i and >= 0 ? batch.Columns[i] : null).ToList();
            for (long row = 0; row < batch.Rows.Count && observations.Count < MaxRows; row++)
            {
                cells.Clear();
                for (var f = 0; f < fields.Count; f++)
                {
                    cells[fields[f].Name] = Text(columns[f]?[row]);
                }

                errors.Clear();
                if (scorer.Parser.Parse(cells, 0, errors) is { } values)
                {
                    observations.Add(Observation.Of(fields, values, scorer.Score(values), scorer.Card.Task));
                }
            }

            if (observations.Count >= MaxRows)
            {
                break;
            }
        }

        var names = fields.Select(f => f.Name).Append("prediction").ToList();
        var numeric = fields.Select(f => Observation.IsNumeric(f.Kind!)).Append(Observation.IsNumericPrediction(scorer.Card.Task)).ToList();
        return observations.Count == 0 ? null : Distributions.Build(names, numeric, observations);
    }

    private static string Text(object? cell) => cell switch
    {
        null => "",
        double d => double.IsNaN(d) ? "" : d.ToString("R", CultureInfo.InvariantCulture),
        float f => float.IsNaN(f) ? "" : f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
