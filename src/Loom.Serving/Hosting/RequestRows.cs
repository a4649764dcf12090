using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Loom.Serving.Scoring;
using Microsoft.AspNetCore.Http;

namespace Loom.Serving.Hosting;

/// <summary>The rows of a predict request — one JSON object, a JSON array of them, or a CSV file with a header — read and checked against the model's schema.</summary>
internal static class RequestRows
{
    /// <summary>The rows as schema values, and whether the request was one row (answered with one prediction).</summary>
    /// <exception cref="RequestRefusedException">The request cannot be read; the status and message say why.</exception>
    /// <exception cref="RowsRejectedException">Rows do not fit the schema.</exception>
    public static async Task<(List<object[]> Rows, bool Single)> ReadAsync(HttpRequest request, RowParser parser, int maxRows, CancellationToken cancellationToken)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            "application/json" => await JsonAsync(request, parser, maxRows, cancellationToken).ConfigureAwait(false),
            "text/csv" => (await CsvAsync(request, parser, maxRows, cancellationToken).ConfigureAwait(false), false),
            _ => throw new RequestRefusedException(415, "Unsupported media type", $"send rows as application/json (one object, or an array of objects) or text/csv (a header line, then one row a line), not {type ?? "a body without Content-Type"}"),
        };
    }

    private static async Task<(List<object[]>, bool)> JsonAsync(HttpRequest request, RowParser parser, int maxRows, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new RequestRefusedException(400, "Malformed JSON", $"the body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            var errors = new List<FieldError>();
            if (root.ValueKind == JsonValueKind.Object)
            {
                var row = parser.Parse(root, 0, errors);
                return row is null ? throw new RowsRejectedException(errors) : ([row], true);
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new RequestRefusedException(400, "Bad request", "the body must be one row (a JSON object of field to value) or a batch (an array of such objects)");
            }

            var count = root.GetArrayLength();
            if (count == 0)
            {
                throw new RequestRefusedException(400, "Bad request", "the batch is empty: send at least one row");
            }

            if (count > maxRows)
            {
                throw new RequestRefusedException(413, "Batch too large", $"the batch has {count} rows; at most {maxRows} are scored in one request (send several, or use 'loom score' for a file)");
            }

            var rows = new List<object[]>(count);
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (parser.Parse(element, index++, errors) is { } row)
                {
                    rows.Add(row);
                }
            }

            return errors.Count > 0 ? throw new RowsRejectedException(errors) : (rows, false);
        }
    }

    private static async Task<List<object[]>> CsvAsync(HttpRequest request, RowParser parser, int maxRows, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, BadDataFound = null });
        if (!await csv.ReadAsync().ConfigureAwait(false) || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new RequestRefusedException(400, "Bad request", "the CSV is empty: send a header line naming the fields, then one row a line");
        }

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RequestRefusedException(400, "Bad request", $"the CSV header names column '{duplicate.Key}' twice");
        }

        var rows = new List<object[]>();
        var errors = new List<FieldError>();
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (index >= maxRows)
            {
                throw new RequestRefusedException(413, "Batch too large", $"the CSV has more than {maxRows} rows; at most {maxRows} are scored in one request (use 'loom score' for a file)");
            }

            cells.Clear();
            for (var i = 0; i < header.Length; i++)
            {
                cells[header[i]] = csv.TryGetField<string>(i, out var cell) ? cell ?? "" : "";
            }

            if (parser.Parse(cells, index++, errors) is { } row)
            {
                rows.Add(row);
            }
            else if (errors.Count >= 20)
            {
                break;
            }
        }

        return errors.Count > 0 ? throw new RowsRejectedException(errors)
            : rows.Count == 0 ? throw new RequestRefusedException(400, "Bad request", "the CSV has a header but no rows")
            : rows;
    }
}

/// <summary>A request the host will not score, with the HTTP status and what to tell the client.</summary>
internal sealed class RequestRefusedException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}
