namespace Loom.Metadata.Records;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    /// <summary>Running, or interrupted (its process died) and waiting for <c>loom run --resume</c>.</summary>
    Running,

    /// <summary>Every step succeeded.</summary>
    Succeeded,

    /// <summary>A step failed.</summary>
    Failed,

    /// <summary>Stopped by the user.</summary>
    Cancelled,
}
