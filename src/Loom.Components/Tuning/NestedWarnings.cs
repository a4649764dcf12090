using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Tuning;

/// <summary>
/// The logger of nested components: their warnings and errors reach the step's own log once each
/// (k folds or many trials repeat the same warning), their information stays out of it.
/// </summary>
internal sealed class NestedWarnings(ILogger parent, string name) : ILogger
{
    private static readonly ConditionalWeakTable<ILogger, HashSet<string>> Seen = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && parent.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        var seen = Seen.GetOrCreateValue(parent);
        lock (seen)
        {
            if (!seen.Add(message))
            {
                return;
            }
        }

        parent.Log(logLevel, eventId, exception, "{Nested}: {Message}", name, message);
    }
}
