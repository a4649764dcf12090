using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Serving.Hosting;

namespace Loom.Serving.Monitoring;

/// <summary>
/// Records a version's training baseline when it is registered: the table its trainer step read (through the run's
/// lineage, up to <see cref="BaselineReader.MaxRows"/> rows) scored by the model exactly as served requests are, so
/// live traffic is compared like with like.
/// </summary>
public sealed class TrainingBaselineRecorder(Workspace workspace) : IBaselineRecorder
{
    /// <summary>Why the last version got no baseline, or null when it got one.</summary>
    public string? Problem { get; private set; }

    /// <inheritdoc />
    public async Task<string?> RecordAsync(ModelVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        try
        {
            var scorer = await RegisteredModel.LoadAsync(workspace, version, cancellationToken).ConfigureAwait(false);
            if (await BaselineReader.ReadAsync(workspace, version, scorer, cancellationToken).ConfigureAwait(false) is not { } baseline)
            {
                Problem = $"step '{version.Step}' of run {version.RunId} read no table that is still in the artifact store";
                return null;
            }

            Problem = null;
            return await BaselineFile.WriteAsync(workspace.Artifacts, baseline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever stops the baseline (a model this host cannot score, unreadable data), the version is registered without one.
            Problem = e.Message;
            return null;
        }
    }
}
