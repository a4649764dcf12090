using Loom.Sdk;
using nietras.SeparatedValues;

namespace Loom.Components.Tables;

/// <summary>
/// The data records of a CSV file, one at a time, parsed by Sep: blank lines skipped, the header read and
/// checked, RFC 4180 quoting checked and undone, every record's field count checked. Fields are spans into
/// the parser's buffer, so reading them allocates nothing. Errors name the file and line.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    // Sep refuses a record longer than this; only an unclosed quote makes one in a real file.
    private const int LongestRecord = 16 * 1024 * 1024;

    private readonly string path;
    private readonly bool hasHeader;
    private readonly StreamReader text;
    private readonly SepReader parser;
    private readonly List<string> names;
    private char[] unquoted = new char[256];
    private bool quotesInRecord;
    private bool firstRecordIsData;
    private bool namesRead;
    private int lineAfterLastRecord = 1;

    private CsvRecordReader(string path, CsvReadOptions options, CancellationToken cancellationToken)
    {
        this.path = path;
        hasHeader = options.HasHeader;
        text = new StreamReader(path, options.Encoding, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        try
        {
            // Sep's own header handling and field-count check are off: Loom skips blank lines, trims and checks
            // names, and words its own errors. Quotes are undone here, after checking them (Sep accepts any).
            parser = Separator(options.Delimiter).Reader(o => o with { HasHeader = false, DisableColCountCheck = true }).From(text, leaveOpen: true);
            names = ReadNames(cancellationToken);
            namesRead = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The column names: the header's, trimmed, or column_1, column_2, ... for a file without one.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>Number of the current data record, from 1 (the header does not count).</summary>
    public long DataRow { get; private set; }

    /// <summary>The line of the file where the current record starts, from 1.</summary>
    public int Line
    {
        get
        {
            // Sep reports the first row's starting line as the line after it; every later row's is right.
            var row = parser.Current;
            return row.RowIndex == 0 ? 1 : row.LineNumberFrom;
        }
    }

    /// <summary>Opens a file and reads its header; an empty file is refused.</summary>
    public static CsvRecordReader Open(string path, CsvReadOptions options, CancellationToken cancellationToken) => new(path, options, cancellationToken);

    /// <summary>Moves to the next data record; false at the end of the file.</summary>
    public bool MoveNext(CancellationToken cancellationToken)
    {
        if (firstRecordIsData)
        {
            firstRecordIsData = false;
        }
        else if (!MoveToRecord(cancellationToken))
        {
            return false;
        }

        var count = parser.Current.ColCount;
        if (count != Names.Count)
        {
            CheckQuoting(); // a stray quote moves the field boundaries: name it rather than the count it caused
            var expected = hasHeader ? "the header has" : "the first row has";
            throw new DataException($"{path}:{Line}: row has {count} field(s) but {expected} {Names.Count}; check the delimiter and quoting of that line");
        }

        DataRow++;
        return true;
    }

    /// <summary>
    /// A field of the current record with its quoting checked and undone. The span is valid until the next
    /// call to <see cref="Field"/> or <see cref="MoveNext"/>.
    /// </summary>
    public ReadOnlySpan<char> Field(int column)
    {
        var field = parser.Current[column].Span;
        if (!quotesInRecord)
        {
            return field;
        }

        if (field.IsEmpty || field[0] != '"')
        {
            return field.Contains('"') ? throw Malformed(column, field) : field;
        }

        var inner = field[1..];
        var quote = inner.IndexOf('"');
        if (quote >= 0 && quote == inner.Length - 1)
        {
            return inner[..quote]; // the common case: one pair of quotes around the text
        }

        return CsvQuoting.IsWellFormed(field) ? Undouble(inner[..^1]) : throw Malformed(column, field);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        parser?.Dispose();
        text.Dispose();
    }

    private static Sep Separator(string delimiter)
    {
        try
        {
            return Sep.New(delimiter[0]);
        }
        catch (ArgumentException)
        {
            throw new DataException($"delimiter '{delimiter}' cannot be used: it must be 'tab' or a printable ASCII character other than '\"' and '#'");
        }
    }

    private List<string> ReadNames(CancellationToken cancellationToken)
    {
        if (!MoveToRecord(cancellationToken))
        {
            throw new DataException($"{path}: the file is empty; expected a header row and data rows");
        }

        var count = parser.Current.ColCount;
        if (!hasHeader)
        {
            firstRecordIsData = true;
            return [.. Enumerable.Range(1, count).Select(i => $"column_{i}")];
        }

        var header = new List<string>(count);
        for (var c = 0; c < count; c++)
        {
            header.Add(Field(c).Trim().ToString());
        }

        var blank = header.FindIndex(n => n.Length == 0);
        if (blank >= 0)
        {
            throw new DataException($"{path}:{Line}: header column {blank + 1} has no name");
        }

        var duplicate = header.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? header : throw new DataException($"{path}:{Line}: column '{duplicate.Key}' appears twice in the header");
    }

    /// <summary>Moves to the next record that is not a blank line.</summary>
    private bool MoveToRecord(CancellationToken cancellationToken)
    {
        while (NextRow())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = parser.Current;

            // A line with one empty field, or only "", is blank, as it was before Sep.
            if (row.ColCount == 1 && (row.Span.Length == 0 || row.Span is "\"\""))
            {
                continue;
            }

            // Most records of most files hold no quote; only those that do have their fields checked.
            quotesInRecord = row.Span.Contains('"');
            return true;
        }

        return false;
    }

    private bool NextRow()
    {
        bool moved;
        try
        {
            moved = parser.MoveNext();
        }
        catch (NotSupportedException)
        {
            throw new DataException($"{path}:{lineAfterLastRecord}: the record that starts on this line runs past {LongestRecord:N0} characters; check that every quote (\") that opens a field is closed");
        }

        if (moved)
        {
            lineAfterLastRecord = parser.Current.LineNumberToExcl;
        }

        return moved;
    }

    private void CheckQuoting()
    {
        for (var c = 0; quotesInRecord && c < parser.Current.ColCount; c++)
        {
            _ = Field(c);
        }
    }

    private DataException Malformed(int column, ReadOnlySpan<char> field) =>
        new($"{path}:{LineOf(field)}: malformed quoting in field '{CsvQuoting.Excerpt(field)}' ({ColumnLabel(column)}); a quoted field starts and ends with a quote and doubles any quote inside");

    /// <summary>The line where a field of the current record starts: records with quoted line breaks span lines.</summary>
    private int LineOf(ReadOnlySpan<char> field)
    {
        var record = parser.Current.Span;
        record.Overlaps(field, out var offset);
        var before = record[..offset];
        return Line + before.Count('\n') + before.Count('\r') - before.Count("\r\n");
    }

    private string ColumnLabel(int column) =>
        namesRead && column < names.Count ? $"column '{names[column]}'"
        : !hasHeader ? $"column 'column_{column + 1}'"
        : !namesRead ? $"header column {column + 1}"
        : $"column {column + 1}";

    /// <summary>The inside of a quoted field with doubled quotes made single, in a buffer reused for every field.</summary>
    private ReadOnlySpan<char> Undouble(ReadOnlySpan<char> inner)
    {
        if (unquoted.Length < inner.Length)
        {
            unquoted = new char[Math.Max(inner.Length, unquoted.Length * 2)];
        }

        return unquoted.AsSpan(0, CsvQuoting.Undouble(inner, unquoted));
    }
}
