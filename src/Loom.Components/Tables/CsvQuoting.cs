namespace Loom.Components.Tables;

/// <summary>
/// RFC 4180 quoting of one field: a field that holds a quote must start and end with one, and double every
/// quote in between. Sep splits records on quote pairs without checking them, so Loom checks here, to refuse
/// what CSV writers never produce (a stray quote, text after a closing quote, an unclosed quote).
/// </summary>
internal static class CsvQuoting
{
    private const int ExcerptLength = 60;

    /// <summary>Whether a raw field (quotes as in the file) is unquoted text without quotes or a well-formed quoted field.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> field)
    {
        var quote = field.IndexOf('"');
        if (quote != 0)
        {
            return quote < 0;
        }

        var rest = field[1..];
        while (true)
        {
            quote = rest.IndexOf('"');
            if (quote < 0)
            {
                return false; // never closed
            }

            rest = rest[(quote + 1)..];
            if (rest.IsEmpty)
            {
                return true; // the closing quote ends the field
            }

            if (rest[0] != '"')
            {
                return false; // text after the closing quote
            }

            rest = rest[1..];
        }
    }

    /// <summary>Copies the inside of a quoted field with each doubled quote made single; returns the length written.</summary>
    public static int Undouble(ReadOnlySpan<char> inner, Span<char> destination)
    {
        var written = 0;
        while (true)
        {
            var quote = inner.IndexOf('"');
            var part = quote < 0 ? inner : inner[..(quote + 1)];
            part.CopyTo(destination[written..]);
            written += part.Length;
            if (quote < 0)
            {
                return written;
            }

            inner = inner[(quote + 2)..];
        }
    }

    /// <summary>The start of a field for an error message: up to its first line break and at most 60 characters.</summary>
    public static string Excerpt(ReadOnlySpan<char> field)
    {
        var end = field.IndexOfAny('\r', '\n');
        var cut = Math.Min(end < 0 ? field.Length : end, ExcerptLength);
        return cut < field.Length ? $"{field[..cut]}..." : field.ToString();
    }
}
