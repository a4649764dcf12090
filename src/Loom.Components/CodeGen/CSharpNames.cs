using System.Globalization;
using System.Text;

namespace Loom.Components.CodeGen;

/// <summary>Turns column, step and pipeline names into valid, readable C# identifiers.</summary>
public static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>PascalCase from any name: "bill_length_mm" → BillLengthMm, "2nd Flr SF" → Column2ndFlrSf.</summary>
    public static string Pascal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = new StringBuilder();
        var upper = true;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                result.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        var text = result.ToString();
        if (text.Length == 0 || char.IsDigit(text[0]))
        {
            text = "Column" + text;
        }

        // A name in capitals (TOTAL, ID) reads better as Total, Id.
        return text.All(ch => !char.IsLower(ch)) && text.Length > 1 ? text[0] + text[1..].ToLowerInvariant() : text;
    }

    /// <summary>camelCase, safe as a local or parameter name.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        var camel = char.ToLowerInvariant(pascal[0]) + pascal[1..];
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>Distinct PascalCase names for a list of names, numbered when two would collide or hit a reserved one.</summary>
    public static IReadOnlyList<string> DistinctPascal(IEnumerable<string> names, IEnumerable<string> reserved)
    {
        var taken = new HashSet<string>(reserved, StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var candidate = Pascal(name);
            var unique = candidate;
            for (var n = 2; !taken.Add(unique); n++)
            {
                unique = candidate + n.ToString(CultureInfo.InvariantCulture);
            }

            result.Add(unique);
        }

        return result;
    }
}
