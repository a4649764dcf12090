using Loom.Metadata.Records;

namespace Loom.Metadata;

/// <summary>
/// Durable record of runs, steps, attempts, logs, artifacts, lineage and the step cache. Every
/// implementation (SQLite, PostgreSQL) passes the same conformance tests.
/// </summary>
public interface IMetadataStore : IAsyncDisposable
{
    /// <summary>Creates a run together with a pending record for each of its steps.</summary>
    Task CreateRunAsync(RunRecord run, IReadOnlyList<StepRecord> steps, CancellationToken cancellationToken = default);

    /// <summary>Replaces the mutable fields of a run (status, finish time, error, owner).</summary>
    Task UpdateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>Finds a run by its id or a unique prefix of it; null when none or ambiguous.</summary>
    Task<RunRecord?> FindRunAsync(string idOrPrefix, CancellationToken cancellationToken = default);

    /// <summary>Lists runs, newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many runs match the filters of <paramref name="query"/>, ignoring its paging.</summary>
    Task<int> CountRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>Replaces the state of one step.</summary>
    Task UpdateStepAsync(StepRecord step, CancellationToken cancellationToken = default);

    /// <summary>Records, atomically, that an attempt of a step starts: the step's new state and the attempt.</summary>
    Task StartAttemptAsync(StepRecord step, AttemptRecord attempt, CancellationToken cancellationToken = default);

    /// <summary>Records a successful step: status, attempt, lineage, artifacts and cache entry, atomically.</summary>
    Task CompleteStepAsync(StepCompletion completion, CancellationToken cancellationToken = default);

    /// <summary>The steps of a run, in creation order.</summary>
    Task<IReadOnlyList<StepRecord>> GetStepsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The latest step that computed (not reused) the outputs under <paramref name="cacheKey"/> and finished by <paramref name="before"/>, or null.</summary>
    Task<StepRecord?> FindComputingStepAsync(string cacheKey, DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces an attempt.</summary>
    Task SaveAttemptAsync(AttemptRecord attempt, CancellationToken cancellationToken = default);

    /// <summary>Attempts of a run, optionally of one step.</summary>
    Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, string? step = null, CancellationToken cancellationToken = default);

    /// <summary>Appends log lines.</summary>
    Task AppendLogsAsync(IReadOnlyList<LogRecord> logs, CancellationToken cancellationToken = default);

    /// <summary>Log lines of a run, optionally of one step, in order.</summary>
    Task<IReadOnlyList<LogRecord>> GetLogsAsync(string runId, string? step = null, CancellationToken cancellationToken = default);

    /// <summary>An artifact's record, or null.</summary>
    Task<ArtifactRecord?> GetArtifactAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Artifacts read and written by the steps of a run.</summary>
    Task<IReadOnlyList<LineageRecord>> GetLineageAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every read and write of the artifacts whose hash starts with <paramref name="sha256Prefix"/> (lower-case hex), by run and step.</summary>
    Task<IReadOnlyList<LineageRecord>> FindArtifactUsesAsync(string sha256Prefix, CancellationToken cancellationToken = default);

    /// <summary>The outputs (port to hash) stored under a cache key, or null.</summary>
    Task<IReadOnlyDictionary<string, string>?> FindCacheAsync(string cacheKey, CancellationToken cancellationToken = default);

    /// <summary>Stores a step's outputs under its cache key.</summary>
    Task PutCacheAsync(string cacheKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken = default);

    /// <summary>Forgets a cache entry whose artifacts turned out to be missing or corrupt.</summary>
    Task RemoveCacheAsync(string cacheKey, CancellationToken cancellationToken = default);

    /// <summary>Every cache entry, oldest first.</summary>
    Task<IReadOnlyList<CacheEntry>> ListCacheEntriesAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a saved version of a pipeline (saving the same document again records another save).</summary>
    Task SavePipelineVersionAsync(PipelineVersionRecord version, CancellationToken cancellationToken = default);

    /// <summary>The saves of a pipeline, newest first.</summary>
    Task<IReadOnlyList<PipelineVersionRecord>> ListPipelineVersionsAsync(string pipeline, CancellationToken cancellationToken = default);

    /// <summary>The newest save of a pipeline whose version is <paramref name="versionOrPrefix"/> or starts with it (when unique); null otherwise.</summary>
    Task<PipelineVersionRecord?> FindPipelineVersionAsync(string pipeline, string versionOrPrefix, CancellationToken cancellationToken = default);

    /// <summary>The version a pipeline is pinned to, or null.</summary>
    Task<string?> GetPipelinePinAsync(string pipeline, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a pipeline's pin from <see cref="PinMove.From"/> to <see cref="PinMove.To"/> and records the move, only if
    /// the pin is still at <see cref="PinMove.From"/> (compare-and-set); false, and nothing changed, otherwise.
    /// </summary>
    Task<bool> MovePipelinePinAsync(PinMove move, CancellationToken cancellationToken = default);

    /// <summary>Every move of a pipeline's pin, oldest first.</summary>
    Task<IReadOnlyList<PinMove>> ListPinMovesAsync(string pipeline, CancellationToken cancellationToken = default);

    /// <summary>Stores a published component version; false (and nothing stored) when that name and version exist already.</summary>
    Task<bool> PublishComponentAsync(ComponentVersionRecord version, CancellationToken cancellationToken = default);

    /// <summary>Published component versions, of one component or of all, by name then publication order.</summary>
    Task<IReadOnlyList<ComponentVersionRecord>> ListComponentVersionsAsync(string? name = null, CancellationToken cancellationToken = default);

    /// <summary>Deprecates a published version with a message for its users, or lifts that with null; false when there is no such version.</summary>
    Task<bool> DeprecateComponentAsync(string name, string version, string? message, CancellationToken cancellationToken = default);

    /// <summary>The pipelines whose runs used a version of component <paramref name="name"/>, by version then pipeline.</summary>
    Task<IReadOnlyList<ComponentUse>> ListComponentUsesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stores a new version of a registered model, numbered one past the model's highest; the stored record.</summary>
    Task<ModelVersionRecord> RegisterModelVersionAsync(ModelVersionRecord version, CancellationToken cancellationToken = default);

    /// <summary>Versions of one registered model or of all, by name then version.</summary>
    Task<IReadOnlyList<ModelVersionRecord>> ListModelVersionsAsync(string? name = null, CancellationToken cancellationToken = default);

    /// <summary>A model's aliases and the version each points at.</summary>
    Task<IReadOnlyDictionary<string, int>> GetModelAliasesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves an alias and records the move, atomically, when the alias is still held by <see cref="AliasMove.From"/>
    /// (null: held by none); false, and nothing changed, when another writer moved it first.
    /// </summary>
    Task<bool> MoveModelAliasAsync(AliasMove move, CancellationToken cancellationToken = default);

    /// <summary>The moves of a model's aliases, oldest first.</summary>
    Task<IReadOnlyList<AliasMove>> ListAliasMovesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Records an approval of a model version.</summary>
    Task ApproveModelVersionAsync(ModelApproval approval, CancellationToken cancellationToken = default);

    /// <summary>The approvals of a model's versions, oldest first.</summary>
    Task<IReadOnlyList<ModelApproval>> ListModelApprovalsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Records a health alert of a served model version.</summary>
    Task AddModelAlertAsync(ModelAlert alert, CancellationToken cancellationToken = default);

    /// <summary>A model's health alerts, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ModelAlert>> ListModelAlertsAsync(string name, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Keeps a served version's health at one moment, and forgets snapshots older than <paramref name="keepSince"/>.</summary>
    Task AddModelHealthAsync(ModelHealthSnapshot snapshot, DateTimeOffset keepSince, CancellationToken cancellationToken = default);

    /// <summary>A model's health snapshots since a time, oldest first, at most <paramref name="limit"/> (the newest ones).</summary>
    Task<IReadOnlyList<ModelHealthSnapshot>> ListModelHealthAsync(string name, DateTimeOffset since, int limit = 2_000, CancellationToken cancellationToken = default);
}
