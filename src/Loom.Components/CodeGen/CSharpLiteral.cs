using System.Globalization;
using System.Text;

namespace Loom.Components.CodeGen;

/// <summary>C# literals for values written into generated code.</summary>
public static class CSharpLiteral
{
    /// <summary>A string literal, escaped.</summary>
    public static string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
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

        return text.Append('"').ToString();
    }

    /// <summary>A char literal, escaped.</summary>
    public static string Of(char value) => value switch
    {
        '\'' => "'\\''",
        '\\' => "'\\\\'",
        '\t' => "'\\t'",
        _ => $"'{value}'",
    };

    /// <summary>A double literal that reads back as the same value.</summary>
    public static string Of(double value) =>
        double.IsFinite(value) ? Round(value.ToString("R", CultureInfo.InvariantCulture)) : throw new ArgumentOutOfRangeException(nameof(value), value, "not finite");

    /// <summary>A float literal (with the f suffix) that reads back as the same value.</summary>
    public static string OfSingle(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>An int literal.</summary>
    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>true or false.</summary>
    public static string Of(bool value) => value ? "true" : "false";

    private static string Round(string text) => text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
}
