using System.Globalization;
using Microsoft.ML.Transforms;

namespace Loom.Components.Features;

/// <summary>The text a date-parts mapping reads.</summary>
public sealed class DateText
{
    /// <summary>A date or date-time in ISO 8601 or another invariant-culture form; empty when missing.</summary>
    public string DateValue { get; set; } = "";
}

/// <summary>The parts of a date, NaN when the text is missing or not a date.</summary>
public sealed class DatePartValues
{
    /// <summary>Calendar year.</summary>
    public float Year { get; set; }

    /// <summary>Month, 1 to 12.</summary>
    public float Month { get; set; }

    /// <summary>Day of the month, 1 to 31.</summary>
    public float Day { get; set; }

    /// <summary>Day of the week, 0 (Sunday) to 6.</summary>
    public float DayOfWeek { get; set; }

    /// <summary>Day of the year, 1 to 366.</summary>
    public float DayOfYear { get; set; }

    /// <summary>Hour of the day, 0 to 23.</summary>
    public float Hour { get; set; }

    /// <summary>Days since 1970-01-01 (fractional with the time of day), for trends.</summary>
    public float Epoch { get; set; }
}

/// <summary>
/// The date-parts mapping as an ML.NET custom mapping, so a model carrying it can be saved and loaded:
/// ML.NET records this assembly's name in the model and loads it again by that name. Code generation
/// writes this very file into a generated library, whose name the generated model then records.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class DatePartsFactory : CustomMappingFactory<DateText, DatePartValues>
{
    /// <summary>The name the saved model records for this mapping.</summary>
    public const string ContractName = "loom.date-parts.v1";

    /// <summary>Fills the parts from the text.</summary>
    public static void Map(DateText input, DatePartValues output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (!DateTime.TryParse(input.DateValue, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            output.Year = output.Month = output.Day = output.DayOfWeek = output.DayOfYear = output.Hour = output.Epoch = float.NaN;
            return;
        }

        output.Year = date.Year;
        output.Month = date.Month;
        output.Day = date.Day;
        output.DayOfWeek = (float)date.DayOfWeek;
        output.DayOfYear = date.DayOfYear;
        output.Hour = date.Hour;
        output.Epoch = (float)(date - DateTime.UnixEpoch).TotalDays;
    }

    /// <inheritdoc/>
    public override Action<DateText, DatePartValues> GetMapping() => Map;
}
