namespace Loom.Metadata.Records;

/// <summary>Where a step of a run is in its life.</summary>
public enum StepStatus
{
    /// <summary>Waiting for its inputs.</summary>
    Pending,

    /// <summary>An attempt is in progress.</summary>
    Running,

    /// <summary>Its outputs are stored (computed, or reused from the cache).</summary>
    Succeeded,

    /// <summary>Its last attempt failed.</summary>
    Failed,

    /// <summary>Stopped by cancellation.</summary>
    Cancelled,

    /// <summary>Not run because a step it depends on failed or was cancelled.</summary>
    Skipped,
}
