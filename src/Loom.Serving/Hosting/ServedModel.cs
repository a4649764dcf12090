using Loom.Execution;
using Loom.Sdk;
using Loom.Serving.Monitoring;
using Microsoft.Extensions.Logging;

namespace Loom.Serving.Hosting;

/// <summary>
/// A model the host serves, following its reference: <see cref="RefreshAsync"/> looks the reference up, and when it
/// points at another version, loads that version beside the one serving and switches requests to it in one step —
/// a request holds the slot it started with, so none fails or mixes versions during the switch.
/// </summary>
public sealed class ServedModel(ModelReference reference, HealthThresholds thresholds, ILogger logger, TimeSpan microBatch = default)
{
    private ModelSlot? current;

    /// <summary>What the model follows.</summary>
    public ModelReference Reference { get; } = reference;

    /// <summary>The model's name: where requests for it go.</summary>
    public string Name => Reference.Name;

    /// <summary>A candidate that takes a share of the requests (canary), or null.</summary>
    public ServedModel? Canary { get; init; }

    /// <summary>The share of requests, in percent (0 to 100), the canary answers.</summary>
    public double CanaryPercent { get; init; }

    /// <summary>The slot one request is answered by: the canary's for its share of requests once it is loaded, else this model's.</summary>
    public ModelSlot? Choose() =>
        Canary?.Current is { } candidate && Random.Shared.NextDouble() * 100 < CanaryPercent ? candidate : Current;

    /// <summary>The version serving now, or null before the first load.</summary>
    public ModelSlot? Current => Volatile.Read(ref current);

    /// <summary>Why the last look-up or load failed (the version serving stays), or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Loads the version the reference points at when it is not the one serving; true when it switched.</summary>
    /// <exception cref="LoomException">The reference or the model cannot be loaded (only thrown when nothing is serving yet, or <paramref name="throwOnError"/>).</exception>
    public async Task<bool> RefreshAsync(Workspace workspace, bool throwOnError, CancellationToken cancellationToken)
    {
        try
        {
            var record = await RegisteredModel.FindAsync(workspace, Reference, cancellationToken).ConfigureAwait(false);
            var serving = Current;
            if (serving?.Version.Version == record.Version)
            {
                LastError = null;
                return false;
            }

            var scorer = await RegisteredModel.LoadAsync(workspace, record, cancellationToken).ConfigureAwait(false);
            var baseline = await ReadBaselineAsync(workspace, record, scorer, cancellationToken).ConfigureAwait(false);
            var slot = new ModelSlot(record, scorer, DateTimeOffset.UtcNow, new VersionMonitor(record.Name, record.Version, scorer, baseline, thresholds))
            {
                Batcher = microBatch > TimeSpan.Zero ? new Scoring.MicroBatcher(scorer, microBatch) : null,
            };
            Volatile.Write(ref current, slot);
            LastError = null;
            logger.LogInformation("serving {Model} version {Version} for {Reference}{Was}", Reference.Name, record.Version, Reference.ToString(), serving is null ? "" : $" (was version {serving.Version.Version})");
            return true;
        }
        catch (Exception e) when (e is LoomException or IOException or InvalidOperationException && !throwOnError && Current is not null)
        {
            // Said once, not at every poll while it lasts.
            if (LastError != e.Message)
            {
                logger.LogError("{Reference}: {Error}; version {Version} keeps serving", Reference.ToString(), e.Message, Current!.Version.Version);
            }

            LastError = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The version's training baseline: the one recorded at registration, else (a version registered without one)
    /// computed now from its training data; a baseline that cannot be read leaves the version unmonitored rather than
    /// unserved.
    /// </summary>
    private async Task<Baseline?> ReadBaselineAsync(Workspace workspace, Metadata.Records.ModelVersionRecord record, Scoring.RowScorer scorer, CancellationToken cancellationToken)
    {
        try
        {
            if (record.BaselineSha256 is { } recorded)
            {
                if (await BaselineFile.ReadAsync(workspace.Artifacts, recorded, cancellationToken).ConfigureAwait(false) is { } baseline)
                {
                    return baseline;
                }

                logger.LogWarning("{Model} version {Version}: its recorded baseline {Baseline} is missing from the artifact store; computing it from its training data", record.Name, record.Version, recorded[..12]);
            }

            return await BaselineReader.ReadAsync(workspace, record, scorer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LoomException or IOException or InvalidOperationException or FormatException)
        {
            logger.LogWarning("{Model} version {Version}: its training data could not be read for monitoring ({Error}); it is served without a baseline", record.Name, record.Version, e.Message);
            return null;
        }
    }
}
