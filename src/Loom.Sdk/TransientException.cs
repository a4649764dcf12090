namespace Loom.Sdk;

/// <summary>A failure that may go away when the step is tried again; steps that throw it are retried.</summary>
public sealed class TransientException : LoomException
{
    /// <summary>Creates a transient failure.</summary>
    public TransientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a transient failure with its cause.</summary>
    public TransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
