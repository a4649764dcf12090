using Loom.Execution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Serving.Hosting;

/// <summary>The models one host serves, by name, kept on the version their reference points at by polling the registry.</summary>
public sealed class ModelHost(Workspace workspace, IReadOnlyList<ServedModel> models, ServingOptions options, ServingMetrics metrics, ILogger<ModelHost> logger) : BackgroundService
{
    private readonly Dictionary<string, ServedModel> byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The models served, in the order given.</summary>
    public IReadOnlyList<ServedModel> Models { get; } = models;

    /// <summary>The model served under that name, or null.</summary>
    public ServedModel? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Every reference the host follows: each model's and each canary's.</summary>
    public IEnumerable<ServedModel> Followed => Models.Concat(Models.Select(m => m.Canary).OfType<ServedModel>());

    /// <summary>Every loaded version, once each (a canary may point at the version its model serves).</summary>
    public IEnumerable<ModelSlot> Slots => Followed.Select(m => m.Current).OfType<ModelSlot>().DistinctBy(s => (s.Version.Name, s.Version.Version));

    /// <summary>Whether every model has a version loaded.</summary>
    public bool Ready => Models.All(m => m.Current is not null);

    /// <summary>Loads every model once; throws when one cannot be (for a host that should not start without it).</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var model in Followed)
        {
            await model.RefreshAsync(workspace, throwOnError: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Poll);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var model in Followed.Where(m => !m.Reference.IsFixed || m.Current is null))
            {
                try
                {
                    if (await model.RefreshAsync(workspace, throwOnError: false, stoppingToken).ConfigureAwait(false))
                    {
                        metrics.Switched(model.Name);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "{Reference}: the registry could not be read; trying again in {Poll}", model.Reference.ToString(), options.Poll);
                }
            }
        }
    }
}
