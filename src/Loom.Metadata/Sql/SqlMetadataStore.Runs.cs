using Loom.Metadata.Records;
using System.Data.Common;
using static Loom.Metadata.Sql.SqlValues;

namespace Loom.Metadata.Sql;

/// <content>Runs.</content>
public abstract partial class SqlMetadataStore
{
    private const string RunColumns = "id, pipeline_name, pipeline_version, pipeline_file, pipeline_yaml, parameters_json, status, created_at, finished_at, error, git_commit, owner";

    /// <inheritdoc />
    public Task CreateRunAsync(RunRecord run, IReadOnlyList<StepRecord> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(steps);
        return WriteAsync(
            async connection =>
            {
                await using (var insert = Command(
                    connection,
                    $"INSERT INTO runs ({RunColumns}) VALUES (@id, @name, @version, @file, @yaml, @params, @status, @created, @finished, @error, @commit, @owner)",
                    RunParameters(run)))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                for (var i = 0; i < steps.Count; i++)
                {
                    await using var step = Command(
                        connection,
                        "INSERT INTO steps (run_id, name, ordinal, component, status) VALUES (@run, @name, @ordinal, @component, @status)",
                        ("@run", run.Id),
                        ("@name", steps[i].Name),
                        ("@ordinal", i),
                        ("@component", steps[i].Component),
                        ("@status", steps[i].Status.ToString()));
                    await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(
            async connection =>
            {
                await using var update = Command(
                    connection,
                    "UPDATE runs SET status = @status, finished_at = @finished, error = @error, owner = @owner WHERE id = @id",
                    RunParameters(run));
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RunRecord?> FindRunAsync(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        return await ReadAsync(
            async lease =>
            {
                var connection = lease.Connection;
                await using var query = Command(connection, $"SELECT {RunColumns} FROM runs WHERE id = @id OR id LIKE @prefix ESCAPE '\\' ORDER BY id = @id DESC LIMIT 2", ("@id", idOrPrefix), ("@prefix", EscapeLike(idOrPrefix) + "%"));
                var runs = await ReadRuns(query, cancellationToken).ConfigureAwait(false);
                return runs.Count == 1 || (runs.Count > 1 && runs[0].Id == idOrPrefix) ? runs[0] : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await ReadAsync(
            async lease =>
            {
                var connection = lease.Connection;
                await using var command = Command(
                    connection,
                    $"SELECT {RunColumns} FROM runs WHERE {RunFilter} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset",
                    [.. FilterParameters(query), ("@limit", query.Limit), ("@offset", query.Offset)]);
                return await ReadRuns(command, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CountRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await ReadAsync(
            async lease =>
            {
                await using var command = Command(lease.Connection, $"SELECT COUNT(*) FROM runs WHERE {RunFilter}", FilterParameters(query));
                return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private const string RunFilter =
        "(CAST(@pipeline AS TEXT) IS NULL OR pipeline_name = @pipeline) AND (CAST(@status AS TEXT) IS NULL OR status = @status) AND (CAST(@since AS TEXT) IS NULL OR created_at >= @since) AND (CAST(@until AS TEXT) IS NULL OR created_at < @until)";

    private static (string, object?)[] FilterParameters(RunQuery query) =>
    [
        ("@pipeline", query.Pipeline), ("@status", query.Status?.ToString()), ("@since", Time(query.Since)), ("@until", Time(query.Until)),
    ];

    private static (string, object?)[] RunParameters(RunRecord run) =>
    [
        ("@id", run.Id), ("@name", run.PipelineName), ("@version", run.PipelineVersion), ("@file", run.PipelineFile),
        ("@yaml", run.PipelineYaml), ("@params", run.ParametersJson), ("@status", run.Status.ToString()),
        ("@created", Time(run.CreatedAt)), ("@finished", Time(run.FinishedAt)), ("@error", run.Error),
        ("@commit", run.GitCommit), ("@owner", run.Owner),
    ];

    private static async Task<List<RunRecord>> ReadRuns(DbCommand command, CancellationToken cancellationToken)
    {
        return await ReadAllAsync(command, reader => new RunRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            ReadEnum<RunStatus>(reader, 6), ReadTime(reader, 7), ReadOptionalTime(reader, 8), ReadOptional(reader, 9),
            ReadOptional(reader, 10), ReadOptional(reader, 11)), cancellationToken).ConfigureAwait(false);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
