using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Loom.Sdk;

namespace Loom.Serving.Scoring;

/// <summary>
/// Scores a CSV file row by row into another, in bounded memory whatever the file's size: the input's columns as
/// they were, then the model's prediction columns (as the <c>score</c> step names them). The output appears whole
/// or not at all: it is written beside its place and moved there at the end.
/// </summary>
public static class FileScorer
{
    /// <summary>Scores <paramref name="input"/> into <paramref name="output"/>; the number of rows scored.</summary>
    /// <exception cref="LoomException">The input cannot be read, lacks a column the model reads, or has a cell of the wrong type (the message says which line and column).</exception>
    public static async Task<long> ScoreAsync(RowScorer scorer, string input, string output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.tmp");
        try
        {
            long rows;
            FileStream writerStream;
            try
            {
                writerStream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LoomException($"{output}: cannot write it: {e.Message}");
            }

            await using (writerStream)
            {
                rows = await ScoreAsync(scorer, input, writerStream, progress, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, output, overwrite: true);
            return rows;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<long> ScoreAsync(RowScorer scorer, string input, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(input);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoomException($"{input}: cannot read it: {e.Message}");
        }

        using (reader)
        using (var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null }))
        await using (var text = new StreamWriter(output))
        await using (var writer = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            if (!await csv.ReadAsync().ConfigureAwait(false) || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            {
                throw new LoomException($"{input}: the file is empty; expected a header line naming the columns, then one row a line");
            }

            var columns = PredictionColumns(scorer.Card.Task);
            foreach (var name in header.Concat(columns.Select(c => header.Contains(c) ? $"{c}_1" : c)))
            {
                writer.WriteField(name);
            }

            await writer.NextRecordAsync().ConfigureAwait(false);
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            var errors = new List<FieldError>();
            long rows = 0;
            while (await csv.ReadAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                cells.Clear();
                var record = new string[header.Length];
                for (var i = 0; i < header.Length; i++)
                {
                    record[i] = csv.TryGetField<string>(i, out var cell) ? cell ?? "" : "";
                    cells[header[i]] = record[i];
                }

                var values = scorer.Parser.Parse(cells, (int)Math.Min(rows, int.MaxValue), errors)
                    ?? throw new LoomException($"{input}: line {csv.Parser.RawRow}, column '{errors[0].Field}': {errors[0].Message}");
                var prediction = scorer.Score(values);
                foreach (var cell in record)
                {
                    writer.WriteField(cell);
                }

                foreach (var value in Values(prediction, columns))
                {
                    writer.WriteField(value);
                }

                await writer.NextRecordAsync().ConfigureAwait(false);
                if (++rows % 10_000 == 0)
                {
                    progress?.Report(rows);
                }
            }

            progress?.Report(rows);
            return rows;
        }
    }

    private static string[] PredictionColumns(string task) => task switch
    {
        "binary" => ["Prediction", "Probability", "Score"],
        "anomaly" => ["Prediction", "Score"],
        "multiclass" => ["Prediction", "Probability"],
        _ => ["Prediction"],
    };

    private static IEnumerable<string> Values(Prediction prediction, string[] columns) => columns.Select(column => column switch
    {
        "Prediction" => prediction.Label ?? (prediction.Flag is { } flag ? (flag ? "true" : "false") : Number(prediction.Value)),
        "Probability" => Number(prediction.Probability),
        _ => Number(prediction.Score),
    });

    private static string Number(double? value) => value is { } v && double.IsFinite(v) ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : "";
}
