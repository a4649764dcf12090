using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Loom.Execution;
using Loom.Serving.Hosting;
using Loom.Serving.Scoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Serving.Monitoring;

/// <summary>
/// Keeps a random sample of scored rows with their predictions, for later retraining and analysis: JSON lines, one
/// row each (<c>{ at, model, version, row: { field: value }, prediction: {...} }</c>), written every few seconds to a
/// new file under the artifact folder's <c>logs/predictions/MODEL/VERSION/</c>; files older than the retention are
/// deleted. Writing never holds a request up: rows wait in a bounded queue, and when it is full they are dropped
/// (and counted).
/// </summary>
public sealed class RequestLog(Workspace workspace, ServingOptions options, ILogger<RequestLog> logger) : BackgroundService
{
    private readonly Channel<(DateTimeOffset At, string Model, int Version, IReadOnlyList<ServingColumn> Fields, IReadOnlyList<object> Values, Prediction Prediction)> queue =
        Channel.CreateBounded<(DateTimeOffset, string, int, IReadOnlyList<ServingColumn>, IReadOnlyList<object>, Prediction)>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long dropped;

    /// <summary>The folder the samples go to.</summary>
    public string Folder => Path.Combine(workspace.Artifacts.Root, "logs", "predictions");

    /// <summary>Rows sampled but dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Offers a scored row; kept with the configured probability.</summary>
    internal void Offer(ModelSlot slot, IReadOnlyList<object> values, Prediction prediction)
    {
        if (options.LogSample <= 0 || Random.Shared.NextDouble() >= options.LogSample)
        {
            return;
        }

        if (!queue.Writer.TryWrite((DateTimeOffset.UtcNow, slot.Version.Name, slot.Version.Version, slot.Scorer.Columns, values, prediction)))
        {
            Interlocked.Increment(ref dropped);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.LogSample <= 0)
        {
            return;
        }

        var batch = new List<(DateTimeOffset At, string Model, int Version, IReadOnlyList<ServingColumn> Fields, IReadOnlyList<object> Values, Prediction Prediction)>();
        using var timer = new PeriodicTimer(options.LogFlush);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(batch).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is queued is written before the host ends.
        }

        await FlushAsync(batch).ConfigureAwait(false);
    }

    private async Task FlushAsync(List<(DateTimeOffset At, string Model, int Version, IReadOnlyList<ServingColumn> Fields, IReadOnlyList<object> Values, Prediction Prediction)> batch)
    {
        batch.Clear();
        while (queue.Reader.TryRead(out var row))
        {
            batch.Add(row);
        }

        try
        {
            foreach (var group in batch.GroupBy(r => (r.Model, r.Version)))
            {
                await WriteAsync(group.Key.Model, group.Key.Version, group.ToList()).ConfigureAwait(false);
            }

            Prune();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("the request sample could not be written to {Folder}: {Error}; {Rows} rows lost", Folder, e.Message, batch.Count);
        }
    }

    private async Task WriteAsync(string model, int version, List<(DateTimeOffset At, string Model, int Version, IReadOnlyList<ServingColumn> Fields, IReadOnlyList<object> Values, Prediction Prediction)> rows)
    {
        var folder = Path.Combine(Folder, model, version.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var name = $"{rows[0].At:yyyyMMdd-HHmmss-fff}-{Environment.ProcessId}.jsonl";
        var temporary = Path.Combine(folder, $".{name}.tmp");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            foreach (var row in rows)
            {
                await using var writer = new Utf8JsonWriter(file);
                writer.WriteStartObject();
                writer.WriteString("at", row.At);
                writer.WriteString("model", row.Model);
                writer.WriteNumber("version", row.Version);
                writer.WriteStartObject("row");
                foreach (var field in row.Fields.Where(f => f.Kind is not null))
                {
                    WriteValue(writer, field.Name, row.Values[field.Index]);
                }

                writer.WriteEndObject();
                writer.WriteStartObject("prediction");
                PredictionJson.WriteFields(writer, row.Prediction);
                writer.WriteEndObject();
                writer.WriteEndObject();
                await writer.FlushAsync().ConfigureAwait(false);
                file.WriteByte((byte)'\n');
            }
        }

        File.Move(temporary, Path.Combine(folder, name));
    }

    /// <summary>A value as the request would give it: a number (null when missing), true/false, or text (null when missing).</summary>
    private static void WriteValue(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case float f when float.IsFinite(f):
                writer.WriteNumber(name, f);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumber(name, d);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteNumber(name, l);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case ReadOnlyMemory<char> text when text.Length > 0:
                writer.WriteString(name, text.Span);
                break;
            default:
                writer.WriteNull(name);
                break;
        }
    }

    private void Prune()
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }

        var cutoff = DateTime.UtcNow - options.LogRetention;
        foreach (var file in Directory.EnumerateFiles(Folder, "*.jsonl", SearchOption.AllDirectories).Where(f => File.GetLastWriteTimeUtc(f) < cutoff))
        {
            File.Delete(file);
        }
    }
}
