namespace Loom.Sdk;

/// <summary>
/// Base of every error Loom reports to a user: the message says what went wrong, where, and what was
/// expected, so no stack trace is needed to act on it.
/// </summary>
public class LoomException : Exception
{
    /// <summary>Creates an error with a message a user can act on.</summary>
    public LoomException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message and the failure that caused it.</summary>
    public LoomException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether trying again may succeed (a busy resource, a network blip). Only these are retried.</summary>
    public virtual bool IsTransient => false;
}
