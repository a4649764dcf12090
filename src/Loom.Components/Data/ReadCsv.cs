using System.Text;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Data;

/// <summary>Reads a CSV file into a table.</summary>
[Component("data.read-csv", "1.0.0", Example = "load: { component: data.read-csv@1, params: { path: data/telco_churn.csv, column_types: ['senior_citizen:boolean'] } }", Category = "data", Description = "Reads a CSV file into a table: header row, RFC 4180 quoting, missing-value tokens, culture-invariant numbers, column types inferred (number, boolean, text) with per-column overrides.")]
[Output("table", ArtifactKind.Table, Description = "The rows of the file with typed columns.")]
internal sealed partial class ReadCsv : IComponent
{
    [Parameter("path", Required = true, InputFile = true, Description = "Path of the CSV file, relative to the workspace.")]
    public string Path { get; set; } = "";

    [Parameter("delimiter", Description = "Field separator: 'tab' or one printable ASCII character other than '\"' and '#'.")]
    public string Delimiter { get; set; } = ",";

    [Parameter("header", Description = "Whether the first row names the columns; when false they are named column_1, column_2, ...")]
    public bool Header { get; set; } = true;

    [Parameter("missing_values", Description = "Field values read as missing (besides empty fields).")]
    public string[] MissingValues { get; set; } = ["NA", "N/A", "NaN", "null", "NULL", "?"];

    [Parameter("column_types", Description = "Type overrides as 'column:type' with type number, boolean or text, e.g. ['zip:text'].")]
    public string[] ColumnTypes { get; set; } = [];

    [Parameter("encoding", Choices = ["utf-8", "latin1", "utf-16"], Description = "Text encoding of the file (a byte-order mark overrides it).")]
    public string Encoding { get; set; } = "utf-8";

    public async Task ExecuteAsync(IComponentContext context)
    {
        var options = new CsvReadOptions(ParseDelimiter(), Header, new HashSet<string>(MissingValues.Append("")), ParseOverrides(), TextEncoding());
        var reader = new CsvTableReader(Path, options);
        var schema = reader.Infer(context.CancellationToken);
        context.Logger.LogInformation("column types: {Types}", string.Join(", ", schema.Names.Select((n, c) => $"{n}={schema.Kinds[c].ToString().ToLowerInvariant()}")));
        context.ReportProgress(0.5, "converting");
        var rows = await TableIO.WriteBatchesAsync(context, "table", reader.ReadBatches(schema, context.CancellationToken).ToAsyncEnumerable()).ConfigureAwait(false);
        context.Logger.LogInformation("read {Rows} rows x {Columns} columns from {File}", rows, schema.Names.Count, System.IO.Path.GetFileName(Path));
    }

    private string ParseDelimiter() => Delimiter switch
    {
        "tab" or "\\t" or "\t" => "\t",
        { Length: 1 } single => single,
        _ => throw new DataException($"delimiter must be one character or 'tab', found '{Delimiter}'"),
    };

    private Dictionary<string, ColumnKind> ParseOverrides()
    {
        var result = new Dictionary<string, ColumnKind>();
        foreach (var entry in ColumnTypes)
        {
            var colon = entry.LastIndexOf(':');
            var kind = colon > 0 ? entry[(colon + 1)..].Trim() : "";
            result[colon > 0 ? entry[..colon].Trim() : entry] = kind switch
            {
                "number" => ColumnKind.Number,
                "boolean" => ColumnKind.Boolean,
                "text" => ColumnKind.Text,
                _ => throw new DataException($"column_types entry '{entry}' must be 'column:type' with type number, boolean or text"),
            };
        }

        return result;
    }

    private Encoding TextEncoding() => Encoding switch
    {
        "latin1" => System.Text.Encoding.Latin1,
        "utf-16" => System.Text.Encoding.Unicode,
        _ => new UTF8Encoding(false),
    };
}
