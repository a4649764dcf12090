using System.Text;
using System.Text.Json;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Data;

/// <summary>A JSON Lines file read in two streaming passes: infer the columns, then convert batch by batch.</summary>
internal sealed class JsonLinesFile(string path)
{
    public CsvSchema Infer(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var kinds = new Dictionary<string, (bool Number, bool Boolean, bool Seen, bool Missing)>();
        long rows = 0;
        foreach (var (line, document) in Lines(cancellationToken))
        {
            rows++;
            using (document)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!kinds.ContainsKey(property.Name))
                    {
                        names.Add(property.Name);
                        kinds[property.Name] = (true, true, false, rows > 1);
                    }

                    var (number, boolean, seen, missing) = kinds[property.Name];
                    kinds[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.Null => (number, boolean, seen, true),
                        JsonValueKind.Number => (number, false, true, missing),
                        JsonValueKind.True or JsonValueKind.False => (false, boolean, true, missing),
                        _ => (false, false, true, missing),
                    };
                }

                foreach (var absent in names.Where(n => !document.RootElement.TryGetProperty(n, out _)))
                {
                    kinds[absent] = kinds[absent] with { Missing = true };
                }
            }
        }

        if (rows == 0)
        {
            throw new DataException($"{path}: the file has no JSON lines; expected one object per line");
        }

        var result = names.Select(n => kinds[n] switch
        {
            { Seen: false } => ColumnKind.Text,
            { Number: true } => ColumnKind.Number,
            { Boolean: true, Missing: false } => ColumnKind.Boolean,
            _ => ColumnKind.Text,
        }).ToList();
        return new CsvSchema(names, result, rows);
    }

    public IEnumerable<DataFrame> ReadBatches(CsvSchema schema, CancellationToken cancellationToken)
    {
        var batch = new List<JsonElement?[]>();
        var documents = new List<JsonDocument>();
        foreach (var (_, document) in Lines(cancellationToken))
        {
            documents.Add(document);
            batch.Add(schema.Names.Select(n => document.RootElement.TryGetProperty(n, out var v) && v.ValueKind != JsonValueKind.Null ? v : (JsonElement?)null).ToArray());
            if (batch.Count == ParquetTables.BatchRows)
            {
                yield return Build(schema, batch);
                Release(batch, documents);
            }
        }

        yield return Build(schema, batch);
        Release(batch, documents);
    }

    private static void Release(List<JsonElement?[]> batch, List<JsonDocument> documents)
    {
        batch.Clear();
        documents.ForEach(d => d.Dispose());
        documents.Clear();
    }

    private static DataFrame Build(CsvSchema schema, List<JsonElement?[]> rows) =>
        new(schema.Names.Select((name, c) => schema.Kinds[c] switch
        {
            ColumnKind.Number => (DataFrameColumn)new DoubleDataFrameColumn(name, rows.Select(r => r[c]?.GetDouble() ?? double.NaN)),
            ColumnKind.Boolean => new BooleanDataFrameColumn(name, rows.Select(r => r[c]!.Value.GetBoolean())),
            _ => new StringDataFrameColumn(name, rows.Select(r => r[c] switch
            {
                null => "",
                { ValueKind: JsonValueKind.String } v => v.GetString() ?? "",
                { } v => v.GetRawText(),
            })),
        }));

    private IEnumerable<(long Line, JsonDocument Document)> Lines(CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new DataException($"{path}:{number}: not valid JSON: {e.Message}");
            }

            if (document.RootElement.ValueKind is var kind && kind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new DataException($"{path}:{number}: a line must hold one JSON object, found {kind.ToString().ToLowerInvariant()}");
            }

            yield return (number, document);
        }
    }
}
