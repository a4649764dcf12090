using System.Diagnostics;
using Loom.Components;
using Loom.Sdk.Models;
using Loom.Sdk.Tables;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Benchmarks;

/// <summary>
/// The reference for batch scoring: a plain single-threaded ML.NET loop (one cursor over the model's output, batch
/// by batch), and the tool that makes its large input by repeating a table's rows.
/// </summary>
internal static class PlainScoring
{
    /// <summary><c>repeat-table IN OUT ROWS</c>: IN's rows again and again, in row groups of the usual size, until OUT holds ROWS rows.</summary>
    public static async Task RepeatAsync(string input, string output, long rows)
    {
        await using var reader = await TableReader.OpenAsync(input, CancellationToken.None);
        var source = await reader.ReadAllAsync(CancellationToken.None);
        await using var file = File.Create(output);
        await using var writer = new TableWriter(file, reader.Roles);
        while (writer.RowCount < rows)
        {
            var count = (int)Math.Min(ParquetTables.BatchRows, rows - writer.RowCount);
            var first = writer.RowCount;
            var indices = new Microsoft.Data.Analysis.Int64DataFrameColumn("i", Enumerable.Range(0, count).Select(i => (first + i) % source.Rows.Count));
            await writer.WriteAsync(new Microsoft.Data.Analysis.DataFrame(source.Columns.Select(c => c.Clone(indices))), CancellationToken.None);
        }

        Console.WriteLine($"wrote {writer.RowCount} rows to {output}");
    }

    /// <summary><c>plain-score MODEL TABLE</c>: rows/s of a single-threaded loop over the model's predictions.</summary>
    public static async Task ScoreAsync(string model, string table)
    {
        var ml = new MLContext(seed: 0);
        ml.ComponentCatalog.RegisterAssembly(BuiltInComponents.Assembly);
        var package = ModelPackage.Load(ml, model);
        await using var reader = await TableReader.OpenAsync(table, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        long rows = 0;
        double sum = 0;
        await foreach (var batch in reader.ReadBatchesAsync(CancellationToken.None))
        {
            var scored = package.Model.Transform(batch);
            using var cursor = scored.GetRowCursor([scored.Schema["Probability"]]);
            var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
            float value = 0;
            while (cursor.MoveNext())
            {
                probability(ref value);
                sum += value;
                rows++;
            }
        }

        Console.WriteLine($"plain ML.NET loop: {rows} rows in {clock.Elapsed.TotalSeconds:0.00} s, {rows / clock.Elapsed.TotalSeconds:0} rows/s (mean probability {sum / rows:0.0000})");
    }
}
