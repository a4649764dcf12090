using System.Globalization;

namespace Loom.Components.Tables;

/// <summary>
/// Culture-invariant parsing of numbers from CSV fields, as <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/>
/// with <see cref="NumberStyles.Float"/> does it (exponents, surrounding white space, "nan" and "Infinity" in
/// any case), with a shortcut for the plain decimals that make up nearly every numeric field.
/// </summary>
internal static class CsvNumber
{
    // Up to 15 digits make an integer below 2^53, which a double holds exactly, and so do the powers of ten
    // up to 10^22: dividing one by the other is then a single correctly rounded operation, so the result is
    // the double nearest the decimal, exactly what the full parser returns (Clinger's fast path).
    private const int MostExactDigits = 15;

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Parses a number, which may be infinite or NaN.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value) =>
        TryParsePlainDecimal(text, out value) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a finite number or NaN ("nan" in any case, as numpy writes it, is a missing number).</summary>
    public static bool TryParseFinite(ReadOnlySpan<char> text, out double value) =>
        TryParse(text, out value) && !double.IsInfinity(value);

    /// <summary>An optional minus sign, then up to 15 digits with at most one decimal point among or around them.</summary>
    private static bool TryParsePlainDecimal(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == '-';
        ulong digits = 0;
        var count = 0;
        var point = -1;
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                digits = (digits * 10) + digit;
                if (++count > MostExactDigits)
                {
                    return false;
                }
            }
            else if (text[i] == '.' && point < 0)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        if (count == 0)
        {
            return false;
        }

        var decimals = point < 0 ? 0 : text.Length - point - 1;
        value = digits / PowersOfTen[decimals];
        value = negative ? -value : value;
        return true;
    }
}
