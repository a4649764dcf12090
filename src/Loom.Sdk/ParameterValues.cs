using System.Globalization;

namespace Loom.Sdk;

/// <summary>
/// Converts parameter values to their canonical form (string, long, double, bool, string list) and
/// checks them against a declaration. One place, so the validator, the executor and the manifest agree.
/// </summary>
public static class ParameterValues
{
    /// <summary>Converts a value to the canonical form for <paramref name="type"/>, or null when it cannot be.</summary>
    public static object? Normalize(ParameterType type, object? value) => (type, value) switch
    {
        (_, null) => null,
        (ParameterType.String, string s) => s,
        (ParameterType.String, long or double or bool) => Format(value),
        (ParameterType.Integer, int i) => (long)i,
        (ParameterType.Integer, long l) => l,
        (ParameterType.Integer, double d) when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        (ParameterType.Integer, string s) when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        (ParameterType.Number, int i) => (double)i,
        (ParameterType.Number, long l) => (double)l,
        (ParameterType.Number, float f) => (double)f,
        (ParameterType.Number, double d) => d,
        (ParameterType.Number, string s) when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        (ParameterType.Boolean, bool b) => b,
        (ParameterType.Boolean, string s) when bool.TryParse(s, out var b) => b,
        (ParameterType.StringList, IEnumerable<string> list) => list.ToArray(),
        (ParameterType.StringList, string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => null,
    };

    /// <summary>Checks a canonical value against range and choices; returns the problem, or null when fine.</summary>
    public static string? Check(ParameterManifest parameter, object value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var number = value switch { long l => (double?)l, double d => d, _ => null };
        if (number is { } n)
        {
            if (double.IsNaN(n) || double.IsInfinity(n))
            {
                return $"expected a finite number, found {Format(value)}";
            }

            if (parameter.Min is { } min && n < min)
            {
                return $"{Format(value)} is below the minimum {Format(min)}";
            }

            if (parameter.Max is { } max && n > max)
            {
                return $"{Format(value)} is above the maximum {Format(max)}";
            }
        }

        if (value is string s && parameter.Choices.Count > 0 && !parameter.Choices.Contains(s))
        {
            return $"'{s}' is not one of {string.Join(", ", parameter.Choices)}";
        }

        return null;
    }

    /// <summary>Describes a parameter type the way pipeline documents spell it.</summary>
    public static string Spell(ParameterType type) => type switch
    {
        ParameterType.String => "string",
        ParameterType.Integer => "integer",
        ParameterType.Number => "number",
        ParameterType.Boolean => "boolean",
        ParameterType.StringList => "list of strings",
        _ => type.ToString(),
    };

    /// <summary>Formats a canonical value for messages and hashes, culture-invariant.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IEnumerable<string> list when value is not string => "[" + string.Join(", ", list) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
