using System.Net.Http.Json;
using System.Text.Json;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Serving.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Serving.Monitoring;

/// <summary>
/// Judges every served version's health at an interval, keeps each judgement in the metadata store (for charts of
/// its history), and raises an alert when a field starts to drift (not again while it stays drifted): written to the
/// metadata store, logged, and posted to the webhook when one is set.
/// </summary>
public sealed class HealthWatcher(Workspace workspace, ModelHost host, ServingOptions options, ILogger<HealthWatcher> logger) : BackgroundService
{
    private static readonly string Host = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly Dictionary<(string Model, int Version), HashSet<string>> drifted = [];

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var timer = new PeriodicTimer(options.HealthInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var slot in host.Slots)
            {
                try
                {
                    await CheckAsync(slot.Monitor.Report(), http, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "{Model} version {Version}: the health check failed; trying again in {Interval}", slot.Version.Name, slot.Version.Version, options.HealthInterval);
                }
            }
        }
    }

    private async Task CheckAsync(HealthReport report, HttpClient http, CancellationToken cancellationToken)
    {
        if (report.Status is not ("ok" or "drift"))
        {
            return;
        }

        var snapshot = new
        {
            window_rows = report.WindowRows,
            fields = report.Fields.Select(f => new { name = f.Name, psi = Round(f.Psi), p_value = Round(f.PValue), missing_share = Round(f.MissingShare), unseen_share = f.UnseenShare is { } u ? Round(u) : (double?)null, drifted = f.Drifted.Count > 0 }),
        };
        await workspace.Store.AddModelHealthAsync(new ModelHealthSnapshot(report.Model, report.Version, report.At, report.Status, JsonSerializer.Serialize(snapshot)), report.At - options.HealthRetention, cancellationToken).ConfigureAwait(false);

        var key = (report.Model, report.Version);
        var before = drifted.GetValueOrDefault(key) ?? [];
        var now = report.Fields.Where(f => f.Drifted.Count > 0).ToList();
        drifted[key] = [.. now.Select(f => f.Name)];
        foreach (var field in now.Where(f => !before.Contains(f.Name)))
        {
            var alert = new ModelAlert(report.Model, report.Version, field.Name, string.Join("; ", field.Drifted), report.At, Host);
            logger.LogWarning("{Model} version {Version}: '{Field}' drifted from the training data: {Rules}", alert.Model, alert.Version, alert.Field, alert.Rules);
            await workspace.Store.AddModelAlertAsync(alert, cancellationToken).ConfigureAwait(false);
            if (options.AlertWebhook is { } webhook)
            {
                await PostAsync(http, webhook, alert, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 5) : 0;

    private async Task PostAsync(HttpClient http, Uri webhook, ModelAlert alert, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(webhook, new { model = alert.Model, version = alert.Version, field = alert.Field, rules = alert.Rules, at = alert.At, host = alert.Host }, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogError("the alert webhook {Webhook} answered {Status}", webhook, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError("the alert webhook {Webhook} could not be reached: {Error}", webhook, e.Message);
        }
    }
}
