using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Loom.Components.Tables;
using Loom.Sdk;

namespace Loom.Components.Data;

/// <summary>Writes a table as a CSV file artifact.</summary>
[Component("data.write-csv", "1.0.0", Example = "export: { component: data.write-csv@1, inputs: { table: score.table }, params: { delimiter: ';' } }", Category = "data", Description = "Writes a table as CSV (header row, RFC 4180 quoting, culture-invariant numbers, missing values as empty fields); fetch it with 'loom artifacts get'.")]
[Input("table", ArtifactKind.Table, Description = "The table to write.")]
[Output("file", ArtifactKind.File, Description = "The CSV file.", Extension = "csv")]
internal sealed partial class WriteCsv : IComponent
{
    [Parameter("delimiter", Description = "Field separator: one character, or 'tab'.")]
    public string Delimiter { get; set; } = ",";

    public async Task ExecuteAsync(IComponentContext context)
    {
        await using var table = await TableIO.OpenAsync(context, "table").ConfigureAwait(false);
        var delimiter = Delimiter is "tab" or "\\t" ? "\t" : Delimiter.Length == 1 ? Delimiter
            : throw new DataException($"delimiter must be one character or 'tab', found '{Delimiter}'");
        await context.WriteOutputAsync("file", (stream, cancellationToken) => Write(table, delimiter, stream, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task Write(TableReader table, string delimiter, Stream stream, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, NewLine = "\n" });
        foreach (var name in table.ColumnNames)
        {
            csv.WriteField(name);
        }

        await csv.NextRecordAsync().ConfigureAwait(false);
        await foreach (var batch in table.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            for (long row = 0; row < batch.Rows.Count; row++)
            {
                foreach (var column in batch.Columns)
                {
                    csv.WriteField(CellText.Of(column[row]) ?? "");
                }

                await csv.NextRecordAsync().ConfigureAwait(false);
            }
        }
    }
}
