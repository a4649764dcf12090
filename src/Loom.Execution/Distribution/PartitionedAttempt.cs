using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Distribution;

/// <summary>
/// One attempt of a row-wise step on a cluster, its large table split: each partition (consecutive whole row
/// groups) runs on whichever node has room, all at once; each output is then the partitions' outputs joined in
/// order, row group by row group — the table the step writes when it runs whole.
/// </summary>
internal static class PartitionedAttempt
{
    /// <summary>How many times one partition may lose its node before the attempt fails.</summary>
    private const int MaxLost = 3;

    /// <summary>The outcome, or null when the table is too small to be worth splitting (the step then runs whole).</summary>
    public static async Task<AttemptOutcome?> TryRunAsync(
        IAttemptHost host, AttemptWork work, InputArtifact table, IReadOnlyList<string> outputs, long partitionRows, IArtifactStore artifacts, ILogger log, IRunObserver observer, CancellationToken cancellationToken)
    {
        long[] groupRows;
        await using (var file = File.OpenRead(table.Path))
        await using (var reader = await Parquet.ParquetReader.CreateAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            groupRows = [.. Enumerable.Range(0, reader.RowGroupCount).Select(g => reader.RowGroups[g].RowCount)];
        }

        var (batches, rows) = (groupRows.Length, groupRows.Sum());

        var perPartition = (int)Math.Max(1, partitionRows / ParquetTables.BatchRows);
        if (batches < 2 || rows <= partitionRows)
        {
            return null;
        }

        var slices = Enumerable.Range(0, (batches + perPartition - 1) / perPartition)
            .Select(i => new WorkSlice(table.Port, i * perPartition, Math.Min(perPartition, batches - (i * perPartition))))
            .ToList();
        log.LogInformation("input '{Port}' ({Rows} rows, {Batches} row groups) is split into {Partitions} partitions of up to {PerPartition} row groups", table.Port, rows, batches, slices.Count, perPartition);

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Partitions' log lines are shown; their progress is not (each would move the step's bar its own way).
        var logsOnly = new LogsOnly(observer);
        var runs = slices.Select(slice => RunSliceAsync(host, work with { Slice = slice }, log, logsOnly, failed)).ToList();
        var outcomes = await Task.WhenAll(runs).ConfigureAwait(false);
        if (outcomes.Select((o, i) => (Outcome: o, Slice: slices[i])).FirstOrDefault(p => p.Outcome.Outputs is null && !p.Outcome.Cancelled) is { Outcome: { } failure } broken)
        {
            // Row numbers in the error count from the partition's first row: say where in the table it starts.
            var first = groupRows.Take(broken.Slice.FirstBatch).Sum();
            var last = first + groupRows.Skip(broken.Slice.FirstBatch).Take(broken.Slice.Batches).Sum();
            return failure with { Error = $"in the partition of rows {first + 1} to {last} of input '{table.Port}' (its row 1 is the table's row {first + 1}): {failure.Error}" };
        }

        if (outcomes.FirstOrDefault(o => o.Outputs is null) is { } stopped)
        {
            return stopped;
        }

        var joined = new Dictionary<string, StoredArtifact>();
        foreach (var port in outputs)
        {
            joined[port] = await JoinAsync(outcomes.Select(o => o.Outputs![port]).ToList(), artifacts, cancellationToken).ConfigureAwait(false);
        }

        log.LogInformation("joined the {Partitions} partitions' outputs in order", slices.Count);
        return AttemptOutcome.Succeeded(joined);
    }

    /// <summary>One partition, run again elsewhere when its node is lost; a failure stops the other partitions.</summary>
    private static async Task<AttemptOutcome> RunSliceAsync(IAttemptHost host, AttemptWork work, ILogger log, IRunObserver observer, CancellationTokenSource failed)
    {
        for (var lost = 0; ; lost++)
        {
            try
            {
                var outcome = await host.RunAsync(work, log, observer, failed.Token).ConfigureAwait(false);
                if (outcome.Outputs is null)
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                }

                return outcome;
            }
            catch (AttemptLostException) when (lost < MaxLost && !failed.IsCancellationRequested)
            {
                // Said in the log by the host; the partition runs again on another node.
            }
            catch (AttemptLostException e)
            {
                await failed.CancelAsync().ConfigureAwait(false);
                return AttemptOutcome.Failed(e.Message, transient: true);
            }
            catch (OperationCanceledException) when (failed.IsCancellationRequested)
            {
                // Another partition failed (or the run stopped) before this one was placed.
                return AttemptOutcome.Stopped;
            }
        }
    }

    /// <summary>The partitions' tables, in order, as one table in the artifact store.</summary>
    private static async Task<StoredArtifact> JoinAsync(IReadOnlyList<StoredArtifact> parts, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        foreach (var part in parts)
        {
            paths.Add(await artifacts.TryGetVerifiedPathAsync(part.Sha256, cancellationToken).ConfigureAwait(false)
                ?? throw new LoomException($"a partition's output ({part.Sha256[..12]}) is missing from the shared artifact store"));
        }

        return await artifacts.PutAsync(
            async (stream, token) =>
            {
                await using var first = await TableReader.OpenAsync(paths[0], token).ConfigureAwait(false);
                var writer = new TableWriter(stream, first.Roles);
                await using (writer.ConfigureAwait(false))
                {
                    foreach (var path in paths)
                    {
                        await using var reader = await TableReader.OpenAsync(path, token).ConfigureAwait(false);
                        // A partition without rows gives one empty batch: its columns, nothing written.
                        await foreach (var batch in reader.ReadBatchesAsync(token).ConfigureAwait(false))
                        {
                            await writer.WriteAsync(batch, token).ConfigureAwait(false);
                        }
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private sealed class LogsOnly(IRunObserver observer) : IRunObserver
    {
        public void Log(LogRecord log) => observer.Log(log);
    }
}
