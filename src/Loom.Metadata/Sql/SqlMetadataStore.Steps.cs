using Loom.Metadata.Records;
using System.Data.Common;
using static Loom.Metadata.Sql.SqlValues;

namespace Loom.Metadata.Sql;

/// <content>Steps and attempts.</content>
public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public Task UpdateStepAsync(StepRecord step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return WriteAsync(connection => SaveStep(connection, step, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAttemptAsync(StepRecord step, AttemptRecord attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(attempt);
        return WriteAsync(
            async connection =>
            {
                await SaveStep(connection, step, cancellationToken).ConfigureAwait(false);
                await SaveAttempt(connection, attempt, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteStepAsync(StepCompletion completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return WriteAsync(
            async connection =>
            {
                foreach (var artifact in completion.Artifacts)
                {
                    await using var insert = Command(
                        connection,
                        "INSERT INTO artifacts (sha256, kind, size, created_at) VALUES (@sha, @kind, @size, @at) ON CONFLICT (sha256) DO NOTHING",
                        ("@sha", artifact.Sha256), ("@kind", artifact.Kind.ToString()), ("@size", artifact.Size), ("@at", Time(artifact.CreatedAt)));
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var link in completion.Lineage)
                {
                    await using var insert = Command(
                        connection,
                        "INSERT INTO lineage (run_id, step, direction, port, sha256, kind) VALUES (@run, @step, @dir, @port, @sha, @kind) ON CONFLICT (run_id, step, direction, port) DO UPDATE SET sha256 = excluded.sha256, kind = excluded.kind",
                        ("@run", link.RunId), ("@step", link.Step), ("@dir", link.IsOutput ? "out" : "in"), ("@port", link.Port), ("@sha", link.Sha256), ("@kind", link.Kind.ToString()));
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (completion.Attempt is { } attempt)
                {
                    await SaveAttempt(connection, attempt, cancellationToken).ConfigureAwait(false);
                }

                await SaveStep(connection, completion.Step, cancellationToken).ConfigureAwait(false);
                if (completion.CacheOutputs is { } outputs && completion.Step.CacheKey is { } key)
                {
                    await PutCache(connection, key, outputs, cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StepRecord>> GetStepsAsync(string runId, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                await using var command = Command(lease.Connection, $"SELECT {StepColumns} FROM steps WHERE run_id = @run ORDER BY ordinal", ("@run", runId));
                return await ReadSteps(command, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StepRecord?> FindComputingStepAsync(string cacheKey, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                await using var command = Command(
                    lease.Connection,
                    $"SELECT {StepColumns} FROM steps WHERE cache_key = @key AND cache_hit = 0 AND status = 'Succeeded' AND finished_at <= @before ORDER BY finished_at DESC LIMIT 1",
                    ("@key", cacheKey),
                    ("@before", Time(before)));
                return (await ReadSteps(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            cancellationToken).ConfigureAwait(false);
    }

    private const string StepColumns = "run_id, name, component, status, cache_key, cache_hit, attempts, started_at, finished_at, error";

    private static async Task<List<StepRecord>> ReadSteps(DbCommand command, CancellationToken cancellationToken)
    {
        return await ReadAllAsync(command, reader => new StepRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), ReadEnum<StepStatus>(reader, 3), ReadOptional(reader, 4),
            ReadLong(reader, 5) != 0, ReadInt(reader, 6), ReadOptionalTime(reader, 7), ReadOptionalTime(reader, 8), ReadOptional(reader, 9)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task SaveAttemptAsync(AttemptRecord attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return WriteAsync(connection => SaveAttempt(connection, attempt, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, string? step = null, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                var connection = lease.Connection;
                await using var command = Command(
                    connection,
                    "SELECT run_id, step, number, status, started_at, finished_at, error FROM attempts WHERE run_id = @run AND (CAST(@step AS TEXT) IS NULL OR step = @step) ORDER BY started_at, number",
                    ("@run", runId),
                    ("@step", step));
                return await ReadAllAsync(command, reader => new AttemptRecord(
                    reader.GetString(0), reader.GetString(1), ReadInt(reader, 2), ReadEnum<StepStatus>(reader, 3), ReadTime(reader, 4), ReadOptionalTime(reader, 5), ReadOptional(reader, 6)), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task SaveStep(DbConnection connection, StepRecord step, CancellationToken cancellationToken)
    {
        await using var update = Command(
            connection,
            "UPDATE steps SET status = @status, cache_key = @key, cache_hit = @hit, attempts = @attempts, started_at = @started, finished_at = @finished, error = @error WHERE run_id = @run AND name = @name",
            ("@status", step.Status.ToString()), ("@key", step.CacheKey), ("@hit", step.CacheHit ? 1 : 0), ("@attempts", step.Attempts),
            ("@started", Time(step.StartedAt)), ("@finished", Time(step.FinishedAt)), ("@error", step.Error), ("@run", step.RunId), ("@name", step.Name));
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task SaveAttempt(DbConnection connection, AttemptRecord attempt, CancellationToken cancellationToken)
    {
        await using var upsert = Command(
            connection,
            "INSERT INTO attempts (run_id, step, number, status, started_at, finished_at, error) VALUES (@run, @step, @number, @status, @started, @finished, @error) ON CONFLICT (run_id, step, number) DO UPDATE SET status = excluded.status, started_at = excluded.started_at, finished_at = excluded.finished_at, error = excluded.error",
            ("@run", attempt.RunId), ("@step", attempt.Step), ("@number", attempt.Number), ("@status", attempt.Status.ToString()),
            ("@started", Time(attempt.StartedAt)), ("@finished", Time(attempt.FinishedAt)), ("@error", attempt.Error));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
