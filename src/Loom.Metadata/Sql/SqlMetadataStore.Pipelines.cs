using Loom.Metadata.Records;
using System.Data.Common;
using static Loom.Metadata.Sql.SqlValues;

namespace Loom.Metadata.Sql;

/// <content>Saved pipeline versions.</content>
public abstract partial class SqlMetadataStore
{
    private const string VersionColumns = "pipeline, version, yaml, author, message, created_at, layout_json";

    /// <inheritdoc />
    public Task SavePipelineVersionAsync(PipelineVersionRecord version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return WriteAsync(
            async connection =>
            {
                await using var insert = Command(
                    connection,
                    $"INSERT INTO pipeline_versions ({VersionColumns}) VALUES (@pipeline, @version, @yaml, @author, @message, @created, @layout)",
                    ("@pipeline", version.Pipeline),
                    ("@version", version.Version),
                    ("@yaml", version.Yaml),
                    ("@author", version.Author),
                    ("@message", version.Message),
                    ("@created", Time(version.CreatedAt)),
                    ("@layout", version.LayoutJson));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PipelineVersionRecord>> ListPipelineVersionsAsync(string pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(lease.Connection, $"SELECT {VersionColumns} FROM pipeline_versions WHERE pipeline = @pipeline ORDER BY id DESC", ("@pipeline", pipeline));
                return await ReadVersions(query, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<PipelineVersionRecord?> FindPipelineVersionAsync(string pipeline, string versionOrPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(versionOrPrefix);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(
                    lease.Connection,
                    $"SELECT {VersionColumns} FROM pipeline_versions WHERE pipeline = @pipeline AND version LIKE @prefix ESCAPE '\\' ORDER BY version = @version DESC, id DESC",
                    ("@pipeline", pipeline),
                    ("@version", versionOrPrefix),
                    ("@prefix", EscapeLike(versionOrPrefix) + "%"));
                var versions = await ReadVersions(query, cancellationToken).ConfigureAwait(false);
                if (versions.Count == 0 || versionOrPrefix.Length == 0)
                {
                    return null;
                }

                return versions[0].Version == versionOrPrefix || versions.All(v => v.Version == versions[0].Version) ? versions[0] : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<PipelineVersionRecord>> ReadVersions(DbCommand command, CancellationToken cancellationToken)
    {
        return await ReadAllAsync(command, reader => new PipelineVersionRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), ReadTime(reader, 5), ReadOptional(reader, 6)), cancellationToken).ConfigureAwait(false);
    }
}
