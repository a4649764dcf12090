using System.Data.Common;
using System.Globalization;

namespace Loom.Metadata.Sql;

/// <summary>
/// Conversions between record fields and column values, the same for every database: times as ISO 8601 UTC text
/// (which sorts as time does), numbers read whatever integer width the database gives them.
/// </summary>
internal static class SqlValues
{
    public static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    public static DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ReadOptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public static string? ReadOptional(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int ReadInt(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long ReadLong(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static int? ReadOptionalInt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadInt(reader, ordinal);

    public static T ReadEnum<T>(DbDataReader reader, int ordinal)
        where T : struct, Enum => Enum.Parse<T>(reader.GetString(ordinal));
}
