using Loom.Metadata.Records;
using System.Data.Common;
using static Loom.Metadata.Sql.SqlValues;

namespace Loom.Metadata.Sql;

/// <content>The model registry: versions, aliases with their audit trail, approvals.</content>
public abstract partial class SqlMetadataStore
{
    private const string ModelColumns =
        "name, version, run_id, step, port, artifact_sha256, pipeline_name, pipeline_version, git_commit, metrics_json, lineage_json, registered_by, registered_at, description, baseline_sha256";

    /// <inheritdoc />
    public Task<ModelVersionRecord> RegisterModelVersionAsync(ModelVersionRecord version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return WriteAsync(
            async connection =>
            {
                // The write transaction holds the database's write lock, so no other writer numbers a version meanwhile.
                await using var next = Command(connection, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = @name", ("@name", version.Name));
                var stored = version with { Version = Convert.ToInt32(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) };
                await using var insert = Command(
                    connection,
                    $"""
                    INSERT INTO model_versions ({ModelColumns})
                    VALUES (@name, @version, @run, @step, @port, @artifact, @pipeline, @pipelineVersion, @commit, @metrics, @lineage, @by, @at, @description, @baseline)
                    """,
                    ("@name", stored.Name),
                    ("@version", stored.Version),
                    ("@run", stored.RunId),
                    ("@step", stored.Step),
                    ("@port", stored.Port),
                    ("@artifact", stored.ArtifactSha256),
                    ("@pipeline", stored.PipelineName),
                    ("@pipelineVersion", stored.PipelineVersion),
                    ("@commit", stored.GitCommit),
                    ("@metrics", stored.MetricsJson),
                    ("@lineage", stored.LineageJson),
                    ("@by", stored.RegisteredBy),
                    ("@at", Time(stored.RegisteredAt)),
                    ("@description", stored.Description),
                    ("@baseline", stored.BaselineSha256));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return stored;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersionRecord>> ListModelVersionsAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(lease.Connection, $"SELECT {ModelColumns} FROM model_versions WHERE CAST(@name AS TEXT) IS NULL OR name = @name ORDER BY name, version", ("@name", name));
                return await ReadAllAsync(query, reader => new ModelVersionRecord(
                    reader.GetString(0),
                    ReadInt(reader, 1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.GetString(7),
                    ReadOptional(reader, 8),
                    reader.GetString(9),
                    reader.GetString(10),
                    reader.GetString(11),
                    ReadTime(reader, 12),
                    ReadOptional(reader, 13),
                    ReadOptional(reader, 14)), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, int>> GetModelAliasesAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(lease.Connection, "SELECT alias, version FROM model_aliases WHERE name = @name ORDER BY alias", ("@name", name));
                var aliases = new Dictionary<string, int>(StringComparer.Ordinal);
                await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    aliases[reader.GetString(0)] = ReadInt(reader, 1);
                }

                return aliases;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> MoveModelAliasAsync(AliasMove move, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(move);
        return WriteAsync(
            async connection =>
            {
                await using var current = Command(connection, "SELECT version FROM model_aliases WHERE name = @name AND alias = @alias", ("@name", move.Model), ("@alias", move.Alias));
                var holder = await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } version and not DBNull ? Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
                if (holder != move.From)
                {
                    return false;
                }

                await using var change = move.To is { } to
                    ? Command(
                        connection,
                        "INSERT INTO model_aliases (name, alias, version) VALUES (@name, @alias, @to) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version",
                        ("@name", move.Model),
                        ("@alias", move.Alias),
                        ("@to", to))
                    : Command(connection, "DELETE FROM model_aliases WHERE name = @name AND alias = @alias", ("@name", move.Model), ("@alias", move.Alias));
                await change.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using var record = Command(
                    connection,
                    "INSERT INTO model_alias_moves (name, alias, from_version, to_version, action, actor, at, reason, gate_json) VALUES (@name, @alias, @from, @to, @action, @actor, @at, @reason, @gate)",
                    ("@name", move.Model),
                    ("@alias", move.Alias),
                    ("@from", move.From),
                    ("@to", move.To),
                    ("@action", move.Action),
                    ("@actor", move.Actor),
                    ("@at", Time(move.At)),
                    ("@reason", move.Reason),
                    ("@gate", move.GateJson));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AliasMove>> ListAliasMovesAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(
                    lease.Connection,
                    "SELECT id, name, alias, from_version, to_version, action, actor, at, reason, gate_json FROM model_alias_moves WHERE name = @name ORDER BY id",
                    ("@name", name));
                return await ReadAllAsync(query, reader => new AliasMove(
                    reader.GetString(1),
                    reader.GetString(2),
                    ReadOptionalInt(reader, 3),
                    ReadOptionalInt(reader, 4),
                    reader.GetString(5),
                    reader.GetString(6),
                    ReadTime(reader, 7),
                    ReadOptional(reader, 8),
                    ReadOptional(reader, 9)) { Id = ReadLong(reader, 0) }, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task ApproveModelVersionAsync(ModelApproval approval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return WriteAsync(
            async connection =>
            {
                await using var insert = Command(
                    connection,
                    "INSERT INTO model_approvals (name, version, approver, at, comment) VALUES (@name, @version, @approver, @at, @comment)",
                    ("@name", approval.Model),
                    ("@version", approval.Version),
                    ("@approver", approval.Approver),
                    ("@at", Time(approval.At)),
                    ("@comment", approval.Comment));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelApproval>> ListModelApprovalsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(lease.Connection, "SELECT name, version, approver, at, comment FROM model_approvals WHERE name = @name ORDER BY id", ("@name", name));
                return await ReadAllAsync(query, reader => new ModelApproval(reader.GetString(0), ReadInt(reader, 1), reader.GetString(2), ReadTime(reader, 3), ReadOptional(reader, 4)), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task AddModelAlertAsync(ModelAlert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return WriteAsync(
            async connection =>
            {
                await using var insert = Command(
                    connection,
                    "INSERT INTO model_alerts (name, version, field, rules, at, host) VALUES (@name, @version, @field, @rules, @at, @host)",
                    ("@name", alert.Model),
                    ("@version", alert.Version),
                    ("@field", alert.Field),
                    ("@rules", alert.Rules),
                    ("@at", Time(alert.At)),
                    ("@host", alert.Host));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelAlert>> ListModelAlertsAsync(string name, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(lease.Connection, "SELECT id, name, version, field, rules, at, host FROM model_alerts WHERE name = @name ORDER BY id DESC LIMIT @limit", ("@name", name), ("@limit", limit));
                return await ReadAllAsync(query, reader => new ModelAlert(reader.GetString(1), ReadInt(reader, 2), reader.GetString(3), reader.GetString(4), ReadTime(reader, 5), reader.GetString(6)) { Id = ReadLong(reader, 0) }, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task AddModelHealthAsync(ModelHealthSnapshot snapshot, DateTimeOffset keepSince, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return WriteAsync(
            async connection =>
            {
                await using var insert = Command(
                    connection,
                    "INSERT INTO model_health (name, version, at, status, report) VALUES (@name, @version, @at, @status, @report)",
                    ("@name", snapshot.Model),
                    ("@version", snapshot.Version),
                    ("@at", Time(snapshot.At)),
                    ("@status", snapshot.Status),
                    ("@report", snapshot.Json));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using var prune = Command(connection, "DELETE FROM model_health WHERE name = @name AND at < @since", ("@name", snapshot.Model), ("@since", Time(keepSince)));
                await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelHealthSnapshot>> ListModelHealthAsync(string name, DateTimeOffset since, int limit = 2_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(lease.Connection, "SELECT name, version, at, status, report FROM model_health WHERE name = @name AND at >= @since ORDER BY id DESC LIMIT @limit", ("@name", name), ("@since", Time(since)), ("@limit", limit));
                var newest = await ReadAllAsync(query, reader => new ModelHealthSnapshot(reader.GetString(0), ReadInt(reader, 1), ReadTime(reader, 2), reader.GetString(3), reader.GetString(4)), cancellationToken).ConfigureAwait(false);
                return (IReadOnlyList<ModelHealthSnapshot>)[.. Enumerable.Reverse(newest)];
            },
            cancellationToken).ConfigureAwait(false);
    }
}
