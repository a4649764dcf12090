using Loom.Metadata.Records;
using static Loom.Metadata.Sql.SqlValues;

namespace Loom.Metadata.Sql;

/// <content>Pipeline pins (the version scheduled and served runs use) with their trail.</content>
public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public async Task<string?> GetPipelinePinAsync(string pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(lease.Connection, "SELECT version FROM pipeline_pins WHERE pipeline = @pipeline", ("@pipeline", pipeline));
                return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> MovePipelinePinAsync(PinMove move, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(move);
        return WriteAsync(
            async connection =>
            {
                await using var current = Command(connection, "SELECT version FROM pipeline_pins WHERE pipeline = @pipeline", ("@pipeline", move.Pipeline));
                if (await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string != move.From)
                {
                    return false;
                }

                await using var change = move.To is { } to
                    ? Command(connection, "INSERT INTO pipeline_pins (pipeline, version) VALUES (@pipeline, @to) ON CONFLICT (pipeline) DO UPDATE SET version = excluded.version", ("@pipeline", move.Pipeline), ("@to", to))
                    : Command(connection, "DELETE FROM pipeline_pins WHERE pipeline = @pipeline", ("@pipeline", move.Pipeline));
                await change.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using var record = Command(
                    connection,
                    "INSERT INTO pipeline_pin_moves (pipeline, from_version, to_version, action, actor, at, reason) VALUES (@pipeline, @from, @to, @action, @actor, @at, @reason)",
                    ("@pipeline", move.Pipeline),
                    ("@from", move.From),
                    ("@to", move.To),
                    ("@action", move.Action),
                    ("@actor", move.Actor),
                    ("@at", Time(move.At)),
                    ("@reason", move.Reason));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PinMove>> ListPinMovesAsync(string pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(
                    lease.Connection,
                    "SELECT id, pipeline, from_version, to_version, action, actor, at, reason FROM pipeline_pin_moves WHERE pipeline = @pipeline ORDER BY id",
                    ("@pipeline", pipeline));
                return await ReadAllAsync(query, reader => new PinMove(reader.GetString(1), ReadOptional(reader, 2), ReadOptional(reader, 3), reader.GetString(4), reader.GetString(5), ReadTime(reader, 6), ReadOptional(reader, 7)) { Id = ReadLong(reader, 0) }, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

}
