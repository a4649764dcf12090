using Loom.Sdk;

namespace Loom.Execution.Distribution;

/// <summary>The node running an attempt died or left the cluster before the attempt ended: nothing it did counts, and the step runs again elsewhere.</summary>
public sealed class AttemptLostException : LoomException
{
    /// <summary>Says which node was lost and how that was noticed.</summary>
    public AttemptLostException(string message)
        : base(message)
    {
    }

    /// <summary>Says which node was lost, with the error that showed it.</summary>
    public AttemptLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
