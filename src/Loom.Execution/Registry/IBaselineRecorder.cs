using Loom.Metadata.Records;

namespace Loom.Execution.Registry;

/// <summary>
/// Records, when a model version is registered, how the data it was trained on was distributed — the baseline a
/// serving host compares live traffic with, kept as an artifact so monitoring does not depend on the training data
/// staying in the artifact store.
/// </summary>
public interface IBaselineRecorder
{
    /// <summary>The stored baseline's artifact, or null when the version's training data or model cannot be read for it (the version is registered either way).</summary>
    /// <param name="version">The version about to be stored (its number not yet given).</param>
    /// <param name="cancellationToken">Stops the recording, and so the registration.</param>
    Task<string?> RecordAsync(ModelVersionRecord version, CancellationToken cancellationToken);
}
