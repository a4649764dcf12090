using System.Data.Common;
using System.Text.Json;
using Loom.Metadata.Records;
using Loom.Sdk;
using static Loom.Metadata.Sql.SqlValues;

namespace Loom.Metadata.Sql;

/// <content>Logs, artifacts, lineage and the cache.</content>
public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public Task AppendLogsAsync(IReadOnlyList<LogRecord> logs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(
            async connection =>
            {
                foreach (var log in logs)
                {
                    await using var insert = Command(
                        connection,
                        "INSERT INTO logs (run_id, step, attempt, at, level, message) VALUES (@run, @step, @attempt, @at, @level, @message)",
                        ("@run", log.RunId), ("@step", log.Step), ("@attempt", log.Attempt), ("@at", Time(log.Timestamp)), ("@level", log.Level), ("@message", log.Message));
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogRecord>> GetLogsAsync(string runId, string? step = null, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                var connection = lease.Connection;
                await using var command = Command(
                    connection,
                    "SELECT run_id, step, attempt, at, level, message FROM logs WHERE run_id = @run AND (CAST(@step AS TEXT) IS NULL OR step = @step) ORDER BY id",
                    ("@run", runId),
                    ("@step", step));
                return await ReadAllAsync(command, reader => new LogRecord(reader.GetString(0), reader.GetString(1), ReadInt(reader, 2), ReadTime(reader, 3), reader.GetString(4), reader.GetString(5)), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ArtifactRecord?> GetArtifactAsync(string sha256, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                var connection = lease.Connection;
                await using var command = Command(connection, "SELECT sha256, kind, size, created_at FROM artifacts WHERE sha256 = @sha", ("@sha", sha256));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new ArtifactRecord(reader.GetString(0), ReadEnum<ArtifactKind>(reader, 1), ReadLong(reader, 2), ReadTime(reader, 3))
                    : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LineageRecord>> GetLineageAsync(string runId, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                var connection = lease.Connection;
                await using var command = Command(connection, "SELECT run_id, step, direction, port, sha256, kind FROM lineage WHERE run_id = @run ORDER BY step, direction, port", ("@run", runId));
                return await ReadLineage(command, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LineageRecord>> FindArtifactUsesAsync(string sha256Prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256Prefix);
        if (sha256Prefix.Any(c => !char.IsAsciiHexDigitLower(c)))
        {
            throw new ArgumentException("expected lower-case hex", nameof(sha256Prefix));
        }

        return await ReadAsync(
            async lease =>
            {
                await using var command = Command(
                    lease.Connection,
                    "SELECT run_id, step, direction, port, sha256, kind FROM lineage WHERE sha256 LIKE @prefix ORDER BY run_id, step, direction, port",
                    ("@prefix", sha256Prefix + "%"));
                return await ReadLineage(command, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<LineageRecord>> ReadLineage(DbCommand command, CancellationToken cancellationToken)
    {
        return await ReadAllAsync(command, reader => new LineageRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2) == "out", reader.GetString(3), reader.GetString(4), ReadEnum<ArtifactKind>(reader, 5)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>?> FindCacheAsync(string cacheKey, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                var connection = lease.Connection;
                await using var command = Command(connection, "SELECT outputs_json FROM cache WHERE cache_key = @key", ("@key", cacheKey));
                var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                return json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CacheEntry>> ListCacheEntriesAsync(CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                await using var command = Command(lease.Connection, "SELECT cache_key, outputs_json, created_at FROM cache ORDER BY created_at, cache_key");
                return await ReadAllAsync(command, reader => new CacheEntry(reader.GetString(0), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1)) ?? [], ReadTime(reader, 2)), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task PutCacheAsync(string cacheKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken = default) =>
        WriteAsync(connection => PutCache(connection, cacheKey, outputs, cancellationToken), cancellationToken);

    private static async Task PutCache(DbConnection connection, string cacheKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        await using var upsert = Command(
            connection,
            "INSERT INTO cache (cache_key, outputs_json, created_at) VALUES (@key, @json, @at) ON CONFLICT (cache_key) DO UPDATE SET outputs_json = excluded.outputs_json, created_at = excluded.created_at",
            ("@key", cacheKey), ("@json", JsonSerializer.Serialize(outputs)), ("@at", Time(DateTimeOffset.UtcNow)));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task RemoveCacheAsync(string cacheKey, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async connection =>
            {
                await using var delete = Command(connection, "DELETE FROM cache WHERE cache_key = @key", ("@key", cacheKey));
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
}
