using Loom.Metadata;
using Loom.Metadata.Artifacts;
using Loom.Metadata.Postgres;
using Loom.Metadata.Records;
using Loom.Metadata.Sqlite;
using Loom.Sdk;

namespace Loom.Execution;

/// <summary>
/// A folder holding <c>loom.yaml</c> and <c>.loom/</c> (the SQLite metadata database and the artifact
/// folder): everything runs need, in one place. The metadata may live in PostgreSQL instead (<c>metadata.database</c>
/// in <c>loom.yaml</c>, or the <c>LOOM_DATABASE</c> environment variable) and the artifacts in another folder
/// (<c>artifacts.path</c>, or <c>LOOM_ARTIFACTS</c>), for workspaces many processes or machines share.
/// </summary>
public sealed partial class Workspace : IAsyncDisposable
{
    /// <summary>Name of the file that marks a workspace folder.</summary>
    public const string FileName = "loom.yaml";

    private Workspace(string root, WorkspaceSettings settings, IMetadataStore store, FileArtifactStore artifacts)
    {
        (Root, Settings, Store, Artifacts) = (root, settings, store, artifacts);
    }

    /// <summary>The workspace folder.</summary>
    public string Root { get; }

    /// <summary>Settings read from <c>loom.yaml</c>.</summary>
    public WorkspaceSettings Settings { get; }

    /// <summary>The metadata store.</summary>
    public IMetadataStore Store { get; }

    /// <summary>The artifact store.</summary>
    public FileArtifactStore Artifacts { get; }

    /// <summary>The folder of Loom's own state.</summary>
    public string StateFolder => Path.Combine(Root, ".loom");

    /// <summary>Creates a new workspace in <paramref name="folder"/> (which may exist but must not be a workspace already).</summary>
    /// <param name="folder">Where.</param>
    /// <param name="database">A <c>postgres://</c> address for the metadata, or null for SQLite in the workspace.</param>
    /// <param name="cancellationToken">Stops it.</param>
    public static async Task<Workspace> InitAsync(string folder, string? database = null, CancellationToken cancellationToken = default)
    {
        if (database is not null && !PostgresAddress.IsPostgres(database) && database != "sqlite")
        {
            throw new LoomException($"--database '{database}' is neither 'sqlite' nor a PostgreSQL address such as postgres://USER:PASSWORD@HOST:5432/DATABASE");
        }

        var root = Path.GetFullPath(folder);
        var file = Path.Combine(root, FileName);
        if (File.Exists(file))
        {
            throw new LoomException($"{file} already exists: '{folder}' is a workspace already");
        }

        Directory.CreateDirectory(root);
        var name = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        await File.WriteAllTextAsync(file, WorkspaceSettings.Template(name, database == "sqlite" ? null : database), cancellationToken).ConfigureAwait(false);
        try
        {
            return await OpenAsync(root, cancellationToken).ConfigureAwait(false);
        }
        catch (LoomException)
        {
            // A database that cannot be reached leaves no half-made workspace behind.
            File.Delete(file);
            throw;
        }
    }

    /// <summary>Finds the workspace containing <paramref name="folder"/> (looking upward), or null.</summary>
    public static string? Find(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, FileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Opens the workspace rooted at <paramref name="root"/>, creating <c>.loom/</c> if needed.</summary>
    public static async Task<Workspace> OpenAsync(string root, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        var settings = WorkspaceSettings.Read(Path.Combine(root, FileName));
        var state = Path.Combine(root, ".loom");
        try
        {
            Directory.CreateDirectory(state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoomException($"{state}: cannot create the workspace's state folder: {e.Message}");
        }

        var artifacts = OpenArtifacts(root, settings, state);
        var store = await OpenStoreAsync(settings, state, cancellationToken).ConfigureAwait(false);
        return new Workspace(root, settings, store, artifacts);
    }

    /// <summary>The environment variable that, when set, names the artifact folder instead of <c>loom.yaml</c>.</summary>
    public const string ArtifactsVariable = "LOOM_ARTIFACTS";

    private static FileArtifactStore OpenArtifacts(string root, WorkspaceSettings settings, string state)
    {
        var (path, source) = Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } given
            ? (given, ArtifactsVariable)
            : (settings.ArtifactsPath, "artifacts.path in loom.yaml");
        var folder = path is null ? Path.Combine(state, "artifacts") : Path.GetFullPath(Path.Combine(root, ExpandVariables(path, source, escape: false)));
        try
        {
            return new FileArtifactStore(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoomException($"{folder}: cannot use it as the artifact folder ({(path is null ? "the default" : $"from {source}")}): {e.Message}");
        }
    }

    /// <summary>The environment variable that, when set, names the metadata database instead of <c>loom.yaml</c>.</summary>
    public const string DatabaseVariable = "LOOM_DATABASE";

    /// <summary>Where the metadata lives, as people may see it (no password): <c>sqlite</c> or a redacted PostgreSQL address.</summary>
    public string DatabaseDescription => Store is PostgresMetadataStore postgres ? $"postgres {postgres.Where}" : "sqlite";

    private static async Task<IMetadataStore> OpenStoreAsync(WorkspaceSettings settings, string state, CancellationToken cancellationToken)
    {
        var (database, source) = Environment.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } given
            ? (given, DatabaseVariable)
            : (settings.Database, "metadata.database in loom.yaml");
        if (database is null or "sqlite")
        {
            return await SqliteMetadataStore.OpenAsync(Path.Combine(state, "loom.db"), cancellationToken).ConfigureAwait(false);
        }

        if (!PostgresAddress.IsPostgres(database))
        {
            throw new LoomException($"{source} is '{database}', which is neither 'sqlite' nor a PostgreSQL address such as postgres://USER:PASSWORD@HOST:5432/DATABASE");
        }

        return await PostgresMetadataStore.OpenAsync(ExpandVariables(database, source, escape: database.Contains("://", StringComparison.Ordinal)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>${NAME}</c> replaced by the environment variable NAME (escaped for a URL when <paramref name="escape"/>, so a password may hold '@', '/' or '%').</summary>
    private static string ExpandVariables(string text, string source, bool escape) =>
        Variable().Replace(text, match => Environment.GetEnvironmentVariable(match.Groups[1].Value) is { } value
            ? escape ? Uri.EscapeDataString(value) : value
            : throw new LoomException($"{source} uses ${{{match.Groups[1].Value}}}, but the environment variable {match.Groups[1].Value} is not set"));

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial System.Text.RegularExpressions.Regex Variable();

    /// <summary>Executor options from the workspace's settings, overridden by what the caller gives.</summary>
    /// <param name="maxParallelSteps">Most steps at once, or null (or 0) for the workspace's setting, else one per core.</param>
    /// <param name="useCache">Whether to reuse earlier outputs.</param>
    /// <param name="confineInputFiles">Whether input files must lie inside the workspace.</param>
    /// <param name="attemptHost">Where attempts run (a cluster), or null for this process.</param>
    /// <param name="partitionRows">On a cluster, the rows of a partition of a row-wise step's table, or null for the default.</param>
    public ExecutorOptions CreateExecutorOptions(int? maxParallelSteps = null, bool useCache = true, bool confineInputFiles = false, Distribution.IAttemptHost? attemptHost = null, long? partitionRows = null)
    {
        var defaults = new ExecutorOptions();
        return new ExecutorOptions
        {
            MaxParallelSteps = (maxParallelSteps is 0 ? null : maxParallelSteps) ?? Settings.MaxParallelSteps ?? defaults.MaxParallelSteps,
            DefaultTimeout = Settings.DefaultTimeout ?? defaults.DefaultTimeout,
            DefaultRetries = Settings.DefaultRetries ?? defaults.DefaultRetries,
            UseCache = useCache,
            BaseDirectory = Root,
            ConfineInputFiles = confineInputFiles,
            Worker = Worker.WorkerLaunch.OfThisProgram(),
            CustomStepMemoryBytes = Settings.CustomStepMemoryMegabytes is { } megabytes ? (long)megabytes << 20 : defaults.CustomStepMemoryBytes,
            AttemptHost = attemptHost,
            PartitionRows = partitionRows ?? defaults.PartitionRows,
        };
    }

    /// <summary>The built-in components and every component version published to this workspace.</summary>
    public async Task<Pipelines.Catalog.ComponentCatalog> CatalogAsync(Pipelines.Catalog.ComponentCatalog builtIns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builtIns);
        var catalog = builtIns.Copy();
        await RefreshCatalogAsync(catalog, cancellationToken).ConfigureAwait(false);
        return catalog;
    }

    /// <summary>
    /// Brings a catalog's published components up to date with this workspace's repository (versions published or
    /// deprecated since by another process); returns how many changed.
    /// </summary>
    public async Task<int> RefreshCatalogAsync(Pipelines.Catalog.ComponentCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var versions = await Store.ListComponentVersionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return catalog.SyncPublished(versions.Select(v => (ManifestJson.Read(v.ManifestJson), new Pipelines.Catalog.PublishedPackage(
            v.PackageSha256, v.AssemblyFile, v.TypeName, v.Origin == "git" ? $"{v.Repository}@{v.Commit}" : v.Origin, v.Deprecation))));
    }

    /// <summary>Creates the local executor for this workspace.</summary>
    public LocalExecutor CreateExecutor(Pipelines.Catalog.ComponentCatalog catalog, ExecutorOptions options) =>
        new(Store, Artifacts, catalog, options, StateFolder);

    /// <summary>Whether a run recorded as running has no process executing it any more: it can only be resumed.</summary>
    public bool IsInterrupted(RunRecord run) => LocalExecutor.IsInterrupted(run, StateFolder);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
