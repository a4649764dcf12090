using Loom.Execution.Distribution;
using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Loom.Testing;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loom.Execution.Tests;

/// <summary>A row-wise step split over a cluster's nodes (the nodes stood in for): partitions of whole row groups, joined in order; one failing stops the rest with its own error, placed in the table.</summary>
public sealed class PartitionedAttemptTests
{
    [Fact]
    public async Task Partitions_are_whole_row_groups_joined_in_order_into_the_table_the_step_writes_whole()
    {
        using var folder = new TempFolder();
        var artifacts = new FileArtifactStore(folder.Combine("artifacts"));
        var table = await TableAsync(artifacts, folder, rows: 3 * ParquetTables.BatchRows + 10);
        var host = new DoublingHost(artifacts, failFirstBatch: null);

        var shown = new ShownObserver();
        var outcome = await PartitionedAttempt.TryRunAsync(host, Work(table), table, ["table"], 2 * ParquetTables.BatchRows, artifacts, NullLogger.Instance, shown, CancellationToken.None);

        Assert.NotNull(outcome?.Outputs);
        // What the partitions log is shown as it comes; their progress is not (each would move the step's bar its own way).
        Assert.Equal(["doubled row groups 0 to 1", "doubled row groups 2 to 3"], shown.Lines.Order());
        Assert.Equal(0, shown.ProgressCalls);
        Assert.Equal([new WorkSlice("table", 0, 2), new WorkSlice("table", 2, 2)], host.Slices.OrderBy(s => s.FirstBatch));
        var joined = await ParquetTables.ReadAsync((await artifacts.TryGetVerifiedPathAsync(outcome.Outputs["table"].Sha256))!, CancellationToken.None);
        Assert.Equal(3 * ParquetTables.BatchRows + 10, joined.Rows.Count);
        Assert.Equal(Enumerable.Range(0, (int)joined.Rows.Count).Select(i => (double)i * 2), joined.Columns["x"].Cast<double?>().Select(v => v!.Value));

        var small = await PartitionedAttempt.TryRunAsync(host, Work(table), table, ["table"], 10 * ParquetTables.BatchRows, artifacts, NullLogger.Instance, new ShownObserver(), CancellationToken.None);
        Assert.Null(small);
    }

    [Fact]
    public async Task A_failing_partition_stops_the_others_and_the_attempt_fails_with_its_error()
    {
        using var folder = new TempFolder();
        var artifacts = new FileArtifactStore(folder.Combine("artifacts"));
        var table = await TableAsync(artifacts, folder, rows: 4 * ParquetTables.BatchRows);
        var host = new DoublingHost(artifacts, failFirstBatch: 2);

        var outcome = await PartitionedAttempt.TryRunAsync(host, Work(table), table, ["table"], ParquetTables.BatchRows, artifacts, NullLogger.Instance, new ShownObserver(), CancellationToken.None);

        Assert.NotNull(outcome);
        Assert.Null(outcome.Outputs);
        // The node counts rows from its partition's start; the error says where in the table that is.
        Assert.Equal("in the partition of rows 131073 to 196608 of input 'table' (its row 1 is the table's row 131073): row 3, column 'x': not a number", outcome.Error);
        Assert.False(outcome.Cancelled);
    }

    private static AttemptWork Work(InputArtifact table) => new("r1", "yaml", "p.yaml", "{}", "double", 1, 7, [new WorkArtifact(table.Port, table.Kind, table.Sha256)], []);

    private static async Task<InputArtifact> TableAsync(FileArtifactStore artifacts, TempFolder folder, int rows)
    {
        var stored = await artifacts.PutAsync(async (stream, token) =>
        {
            await using var writer = new TableWriter(stream);
            await writer.WriteAsync(new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Range(0, rows).Select(i => (double)i))), token);
        });
        return new InputArtifact("table", ArtifactKind.Table, stored.Sha256, (await artifacts.TryGetVerifiedPathAsync(stored.Sha256))!);
    }

    /// <summary>Stands in for the nodes: doubles column x of the partition's row groups; the partition starting at <c>failFirstBatch</c> fails, the others wait to be stopped.</summary>
    private sealed class DoublingHost(FileArtifactStore artifacts, int? failFirstBatch) : IAttemptHost
    {
        private readonly List<WorkSlice> slices = [];

        public IReadOnlyList<WorkSlice> Slices
        {
            get
            {
                lock (slices)
                {
                    return [.. slices];
                }
            }
        }

        public async Task<AttemptOutcome> RunAsync(AttemptWork work, ILogger log, IRunObserver observer, CancellationToken cancellationToken)
        {
            var slice = work.Slice!;
            lock (slices)
            {
                slices.Add(slice);
            }

            if (failFirstBatch is { } failing)
            {
                if (slice.FirstBatch == failing)
                {
                    return AttemptOutcome.Failed("row 3, column 'x': not a number", transient: false);
                }

                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var table = artifacts.PathOf(work.Inputs[0].Sha256);
            await using var reader = await TableReader.OpenAsync(table, cancellationToken);
            var stored = await artifacts.PutAsync(async (stream, token) =>
            {
                await using var writer = new TableWriter(stream);
                for (var b = slice.FirstBatch; b < slice.FirstBatch + slice.Batches; b++)
                {
                    var batch = await reader.ReadBatchAsync(b, token);
                    await writer.WriteAsync(new DataFrame(new DoubleDataFrameColumn("x", batch.Columns["x"].Cast<double?>().Select(v => v!.Value * 2))), token);
                }
            }, cancellationToken);
            observer.StepProgress(work.Step, 1, null);
            observer.Log(new LogRecord(work.RunId, work.Step, work.Attempt, DateTimeOffset.UtcNow, "Information", $"doubled row groups {slice.FirstBatch} to {slice.FirstBatch + slice.Batches - 1}"));
            return AttemptOutcome.Succeeded(new Dictionary<string, StoredArtifact> { ["table"] = stored });
        }
    }

    private sealed class ShownObserver : IRunObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
        private int progressCalls;

        public IReadOnlyList<string> Lines => [.. lines];

        public int ProgressCalls => progressCalls;

        public void Log(LogRecord log) => lines.Enqueue(log.Message);

        public void StepProgress(string step, double fraction, string? message) => Interlocked.Increment(ref progressCalls);
    }
}
