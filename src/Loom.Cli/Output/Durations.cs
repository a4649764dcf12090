using System.Globalization;

namespace Loom.Cli.Output;

/// <summary>Formats durations compactly: 0.04s, 3.2s, 2m05s.</summary>
internal static class Durations
{
    public static string Format(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalSeconds: < 10 } d => d.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s",
        { TotalMinutes: < 1 } d => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        var d => $"{(int)d.Value.TotalMinutes}m{d.Value.Seconds:00}s",
    };
}
