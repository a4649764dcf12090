using Loom.Metadata.Records;
using System.Data.Common;
using static Loom.Metadata.Sql.SqlValues;

namespace Loom.Metadata.Sql;

/// <content>Published component versions.</content>
public abstract partial class SqlMetadataStore
{
    private const string ComponentColumns =
        "name, version, manifest_json, type_name, assembly_file, package_sha256, source_sha256, content_hash, origin, repository, repository_path, git_commit, gate_report_json, published_by, published_at, deprecation";

    /// <inheritdoc />
    public Task<bool> PublishComponentAsync(ComponentVersionRecord version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return WriteAsync(
            async connection =>
            {
                // The unique (name, version) key decides between two publishers of one version at once.
                await using var insert = Command(
                    connection,
                    $"""
                    INSERT INTO component_versions ({ComponentColumns})
                    VALUES (@name, @version, @manifest, @type, @assembly, @package, @source, @content, @origin, @repository, @path, @commit, @report, @by, @at, @deprecation)
                    ON CONFLICT (name, version) DO NOTHING
                    """,
                    ("@name", version.Name),
                    ("@version", version.Version),
                    ("@manifest", version.ManifestJson),
                    ("@type", version.TypeName),
                    ("@assembly", version.AssemblyFile),
                    ("@package", version.PackageSha256),
                    ("@source", version.SourceSha256),
                    ("@content", version.ContentHash),
                    ("@origin", version.Origin),
                    ("@repository", version.Repository),
                    ("@path", version.RepositoryPath),
                    ("@commit", version.Commit),
                    ("@report", version.GateReportJson),
                    ("@by", version.PublishedBy),
                    ("@at", Time(version.PublishedAt)),
                    ("@deprecation", version.Deprecation));
                return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ComponentVersionRecord>> ListComponentVersionsAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(
                    lease.Connection,
                    $"SELECT {ComponentColumns} FROM component_versions WHERE CAST(@name AS TEXT) IS NULL OR name = @name ORDER BY name, id",
                    ("@name", name));
                return await ReadAllAsync(query, reader => Read(reader), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> DeprecateComponentAsync(string name, string version, string? message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        return WriteAsync(
            async connection =>
            {
                await using var update = Command(
                    connection,
                    "UPDATE component_versions SET deprecation = @message WHERE name = @name AND version = @version",
                    ("@name", name),
                    ("@version", version),
                    ("@message", message));
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ComponentUse>> ListComponentUsesAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ReadAsync(
            async lease =>
            {
                await using var query = Command(
                    lease.Connection,
                    """
                    SELECT substr(s.component, length(@name) + 2), r.pipeline_name, COUNT(*), MAX(r.created_at)
                    FROM steps s JOIN runs r ON r.id = s.run_id
                    WHERE s.component LIKE @prefix ESCAPE '\'
                    GROUP BY s.component, r.pipeline_name
                    ORDER BY s.component, r.pipeline_name
                    """,
                    ("@name", name),
                    ("@prefix", EscapeLike(name) + "@%"));
                return await ReadAllAsync(query, reader => new ComponentUse(reader.GetString(0), reader.GetString(1), ReadInt(reader, 2), ReadTime(reader, 3)), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static ComponentVersionRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8),
        ReadOptional(reader, 9),
        ReadOptional(reader, 10),
        ReadOptional(reader, 11),
        reader.GetString(12),
        reader.GetString(13),
        ReadTime(reader, 14),
        ReadOptional(reader, 15));
}
