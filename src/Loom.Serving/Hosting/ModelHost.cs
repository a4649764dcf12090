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

    /// <summary>Whether every model has a version loaded.</summary>
    public bool Ready => Models.All(m => m.Current is not null);

    /// <summary>Loads every model once; throws when one cannot be (for a host that should not start without it).</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var model in Models.Concat(Models.Select(m => m.Canary).OfType<ServedModel>()))
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
            foreach (var model in Models.Concat(Models.Select(m => m.Canary).OfType<ServedModel>()).Where(m => !m.Reference.IsFixed || m.Current is null))
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
