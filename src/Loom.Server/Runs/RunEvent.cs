namespace Loom.Server.Runs;

/// <summary>One Server-Sent Event of a run: its name (<c>snapshot</c>, <c>step</c>, <c>progress</c>, <c>log</c>, <c>end</c>) and its JSON payload.</summary>
internal sealed record RunEvent(string Name, object Data);

/// <summary>Payload of a <c>progress</c> event.</summary>
internal sealed record ProgressEvent(string Step, double Fraction, string? Message);

/// <summary>Payload of a <c>log</c> event.</summary>
internal sealed record LogEvent(string Step, DateTimeOffset Time, string Level, string Message, int Attempt);
