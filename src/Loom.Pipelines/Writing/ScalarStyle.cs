using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Loom.Pipelines.Documents;

namespace Loom.Pipelines.Writing;

/// <summary>How a scalar of a pipeline document is spelled when a document is written back out.</summary>
internal static partial class ScalarStyle
{
    /// <summary>The scalar as YAML: plain when it reads back as the same value, double-quoted otherwise.</summary>
    public static string Yaml(string text, bool quoted)
    {
        var plain = SafePlain().IsMatch(text) && !(quoted && LooksTyped(text));
        return plain ? text : Quote(text);
    }

    /// <summary>A list value as a YAML flow sequence.</summary>
    public static string Yaml(RawValue value) =>
        value.Items is { } items ? "[" + string.Join(", ", items.Select(i => Yaml(i, quoted: true))) + "]" : Yaml(value.Scalar ?? "", value.Quoted);

    /// <summary>Whether an unquoted scalar reads as something other than a string: a number, a boolean or null.</summary>
    public static bool LooksTyped(string text) =>
        YamlWords.Contains(text)
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    // Words a YAML 1.1 or 1.2 reader may take for a null or a boolean: quoted whenever they are meant as text.
    private static readonly HashSet<string> YamlWords =
    [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
        "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ];

    /// <summary>A memory size as the <c>memory</c> field takes it: whole GB when it is, else MB.</summary>
    public static string Memory(long bytes) =>
        bytes % (1L << 30) == 0 ? (bytes >> 30).ToString(CultureInfo.InvariantCulture) + "GB"
        : (bytes / (double)(1L << 20)).ToString(CultureInfo.InvariantCulture) + "MB";

    /// <summary>A duration in the document's notation, in the largest whole unit.</summary>
    public static string Duration(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        foreach (var (unit, size) in new[] { ("d", 86400.0), ("h", 3600.0), ("m", 60.0) })
        {
            if (seconds >= size && seconds % size == 0)
            {
                return (seconds / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    // Letters, digits and a few punctuation marks that never start or change YAML structure in a flow context.
    [GeneratedRegex(@"^[A-Za-z0-9_./-](?:[A-Za-z0-9_./@ +-]*[A-Za-z0-9_./@+-])?$")]
    private static partial Regex SafePlain();
}
