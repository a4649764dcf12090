namespace Loom.Metadata.Records;

/// <summary>A log line written by a step.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Step">Step name.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Timestamp">When it was written.</param>
/// <param name="Level">Log level name, such as Information.</param>
/// <param name="Message">The message.</param>
public sealed record LogRecord(string RunId, string Step, int Attempt, DateTimeOffset Timestamp, string Level, string Message);
