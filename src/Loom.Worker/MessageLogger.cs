using Microsoft.Extensions.Logging;

namespace Loom.Worker;

/// <summary>A component's logger inside the worker: each message goes to the parent as a <c>log</c> line.</summary>
internal sealed class MessageLogger(MessageWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var text = formatter(state, exception);
        if (exception is not null)
        {
            text += Environment.NewLine + exception;
        }

        writer.Write(new WorkerMessage(WorkerMessage.Log, Level: logLevel.ToString(), Message: text));
    }
}
