using System.Globalization;
using System.Text;
using Loom.Components.Tables;
using Loom.Metadata.Records;
using Microsoft.Data.Analysis;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>data.read-csv on the corners of the format: quoting, line breaks, encodings, blank lines, headers, numbers, and where errors point.</summary>
public sealed class ReadCsvTests
{
    private static string Read(string file, string extra = "") =>
        $"  load: {{ component: data.read-csv@1, params: {{ path: {file}{extra} }} }}";

    private static async Task<DataFrame> ReadOkAsync(ComponentHarness h, string file, string extra = "") =>
        await h.TableAsync(await h.RunOkAsync(Read(file, extra)), "load");

    private static async Task<string> ReadErrorAsync(ComponentHarness h, string file, string extra = "")
    {
        var result = await h.RunAsync(Read(file, extra));
        Assert.Equal(RunStatus.Failed, result.Run.Status);
        return result.Steps.Single().Error!;
    }

    [Theory]
    [InlineData("a,b\n\"x\ny\",1\n2,3,4\n", "d.csv:4: row has 3 field(s) but the header has 2")]
    [InlineData("a,b\r\n\"x\r\ny\",1\r\n\"p\rq\",2\r\n5,6,7\r\n", "d.csv:6: row has 3 field(s) but the header has 2")]
    [InlineData("a,b\n1,2\n\"x\ny\",2,3\n", "d.csv:3: row has 3 field(s) but the header has 2")]
    [InlineData("\"a\nb\",c\n1,2,3\n", "d.csv:3: row has 3 field(s) but the header has 2")]
    [InlineData("\n\na,b\n\n1,2,3\n", "d.csv:5: row has 3 field(s) but the header has 2")]
    [InlineData("a,b\n\"x\ny\",p\"q\n", "d.csv:3: malformed quoting in field 'p\"q...' (column 'b')")]
    public async Task Errors_name_the_line_of_the_file_counting_quoted_line_breaks_and_blank_lines(string content, string expected)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", content);
        Assert.Contains(expected, await ReadErrorAsync(h, "d.csv"));
    }

    [Theory]
    [InlineData("a,b\n1,x\"y\n", "d.csv:2: malformed quoting in field 'x\"y...' (column 'b')")]
    [InlineData("a,b\n1,\"x\"y\n2,z\n", "d.csv:2: malformed quoting in field '\"x\"y' (column 'b')")]
    [InlineData("a,b\n1,2\n3,\"never closed\n4,5\n", "d.csv:3: malformed quoting in field '\"never closed...' (column 'b')")]
    [InlineData("\"a\" ,b\n1,2\n", "d.csv:1: malformed quoting in field '\"a\" ' (header column 1)")]
    public async Task Malformed_quoting_is_refused_naming_the_line_field_and_column(string content, string expected)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", content);
        var error = await ReadErrorAsync(h, "d.csv");
        Assert.Contains(expected, error);
        Assert.Contains("a quoted field starts and ends with a quote and doubles any quote inside", error);
    }

    [Fact]
    public async Task An_unclosed_quote_that_swallows_the_rest_of_a_large_file_is_named_by_its_line()
    {
        await using var h = await CreateAsync();
        var text = new StringBuilder("a,b\n1,2\n3,\"oops\n");
        while (text.Length <= 17_000_000)
        {
            text.Append("12345,abcdefghij\n");
        }

        h.Folder.Write("d.csv", text.ToString());
        Assert.Contains("d.csv:3: the record that starts on this line runs past 16,777,216 characters; check that every quote", await ReadErrorAsync(h, "d.csv"));
    }

    [Fact]
    public async Task Quoted_fields_keep_delimiters_quotes_and_line_breaks_of_any_kind()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "a,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\"p\r\nq\"\r\n\"\",\"\"\"\",\"r\ns\"\r\n");
        var table = await ReadOkAsync(h, "d.csv");

        Assert.Equal(["x,y", ""], table.Columns["a"].Cast<string>());
        Assert.Equal(["say \"hi\"", "\""], table.Columns["b"].Cast<string>());
        Assert.Equal(["p\r\nq", "r\ns"], table.Columns["c"].Cast<string>());
    }

    [Fact]
    public async Task A_tab_separated_file_keeps_quoted_tabs_and_commas()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.tsv", "name\tn\n\"a\tb\"\t1\nc,d\t2\n");
        var table = await ReadOkAsync(h, "d.tsv", ", delimiter: tab");

        Assert.Equal(["a\tb", "c,d"], table.Columns["name"].Cast<string>());
        Assert.Equal([1.0, 2.0], table.Columns["n"].Cast<double>());
    }

    [Theory]
    [InlineData("utf-16 with BOM", "utf-8")]
    [InlineData("utf-8 with BOM", "utf-8")]
    [InlineData("latin1", "latin1")]
    [InlineData("utf-16 without BOM", "utf-16")]
    public async Task Encodings_are_read_with_the_byte_order_mark_overriding_the_parameter(string written, string parameter)
    {
        await using var h = await CreateAsync();
        var encoding = written switch
        {
            "latin1" => Encoding.Latin1,
            "utf-8 with BOM" => new UTF8Encoding(true),
            _ => Encoding.Unicode,
        };
        var bytes = encoding.GetBytes("name,n\ncafé,1\nnaïve,2\n");
        await File.WriteAllBytesAsync(h.Folder.Combine("d.csv"), written.EndsWith("with BOM", StringComparison.Ordinal) ? [.. encoding.GetPreamble(), .. bytes] : bytes);
        var table = await ReadOkAsync(h, "d.csv", $", encoding: {parameter}");

        Assert.Equal(["name", "n"], table.Columns.Select(c => c.Name));
        Assert.Equal(["café", "naïve"], table.Columns["name"].Cast<string>());
        Assert.Equal([1.0, 2.0], table.Columns["n"].Cast<double>());
    }

    [Theory]
    [InlineData("#")]
    [InlineData("§")]
    public async Task A_delimiter_the_parser_cannot_split_on_is_refused_by_name(string delimiter)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", $"a{delimiter}b\n1{delimiter}2\n");
        var error = await ReadErrorAsync(h, "d.csv", $", delimiter: '{delimiter}'");
        Assert.Contains($"delimiter '{delimiter}' cannot be used: it must be 'tab' or a printable ASCII character other than '\"' and '#'", error);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_and_header_names_trimmed()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "\r\n\r\n id ,\" city\"\r\n\r\n1,A\r\n\r\n\r\n2,B\r\n\r\n");
        var table = await ReadOkAsync(h, "d.csv");

        Assert.Equal(["id", "city"], table.Columns.Select(c => c.Name));
        Assert.Equal([1.0, 2.0], table.Columns["id"].Cast<double>());
        Assert.Equal(["A", "B"], table.Columns["city"].Cast<string>());
    }

    [Theory]
    [InlineData("a,,c\n1,2,3\n", "d.csv:1: header column 2 has no name")]
    [InlineData("a, ,c\n1,2,3\n", "d.csv:1: header column 2 has no name")]
    [InlineData("\n\na, a\n1,2\n", "d.csv:3: column 'a' appears twice in the header")]
    [InlineData("\n\n", "d.csv: the file is empty; expected a header row and data rows")]
    [InlineData("a,b\n\n\n", "d.csv: the file has a header but no data rows")]
    public async Task Bad_headers_and_empty_files_are_refused(string content, string expected)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", content);
        Assert.Contains(expected, await ReadErrorAsync(h, "d.csv"));
    }

    [Fact]
    public async Task Without_a_header_columns_are_numbered_and_the_first_row_is_data()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "1,\"x,y\"\n2,z\n");
        var table = await ReadOkAsync(h, "d.csv", ", header: false");

        Assert.Equal(["column_1", "column_2"], table.Columns.Select(c => c.Name));
        Assert.Equal([1.0, 2.0], table.Columns["column_1"].Cast<double>());
        Assert.Equal(["x,y", "z"], table.Columns["column_2"].Cast<string>());

        h.Folder.Write("e.csv", "1,2\n3,4,5\n");
        Assert.Contains("e.csv:2: row has 3 field(s) but the first row has 2", await ReadErrorAsync(h, "e.csv", ", header: false"));
    }

    [Fact]
    public async Task A_column_numeric_but_for_one_value_is_text_with_every_value_as_written()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "code,n\n007,1\n2.50,2\nA17,3\n,4\n");
        var table = await ReadOkAsync(h, "d.csv");

        Assert.IsType<StringDataFrameColumn>(table.Columns["code"]);
        Assert.Equal(["007", "2.50", "A17", ""], table.Columns["code"].Cast<string>());
        Assert.IsType<DoubleDataFrameColumn>(table.Columns["n"]);
    }

    [Fact]
    public async Task Missing_value_tokens_match_whole_fields_exactly_quoted_or_not()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "n,t\n1,x\n-,\"-\"\n\"-\",y\n3,-\n");
        var table = await ReadOkAsync(h, "d.csv", ", missing_values: ['-']");
        Assert.Equal("1,NaN,NaN,3", string.Join(",", table.Columns["n"].Cast<double>().Select(v => v.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(["x", "", "y", ""], table.Columns["t"].Cast<string>());

        h.Folder.Write("e.csv", "n\n1\n NA\n");
        Assert.Equal(["1", " NA"], (await ReadOkAsync(h, "e.csv")).Columns["n"].Cast<string>()); // " NA" is not "NA": the column is text
    }

    [Fact]
    public async Task A_boolean_column_forced_by_column_types_names_a_missing_value_as_written()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "a,flag\n1,true\n2,NA\n");
        Assert.Contains("column 'flag', data row 2: 'NA' is not true or false (the column is read as boolean)", await ReadErrorAsync(h, "d.csv", ", column_types: ['flag:boolean']"));
    }

    [Fact]
    public async Task Numbers_are_the_nearest_double_to_the_text_as_the_invariant_culture_parses_it()
    {
        string[] texts =
        [
            "0.1", "0.3", "-0", "1.", ".5", "-.5", "+3", " 42 ", "1e3", "2.5E-3", "123456789012345", "1234567890123456",
            "9007199254740993", "0.000000000000001", "99999999999999.9", "2.2250738585072014E-308", "1e22", "29.85", "1889.50",
        ];
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x\n" + string.Join("\n", texts.Select(t => $"\"{t}\"")) + "\n");
        var table = await ReadOkAsync(h, "d.csv");

        var expected = texts.Select(t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture));
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), table.Columns["x"].Cast<double>().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Reading_stops_when_cancelled()
    {
        using var folder = new Loom.Testing.TempFolder();
        var path = folder.Write("d.csv", "a\n1\n2\n");
        var reader = new CsvTableReader(path, new CsvReadOptions(",", true, new HashSet<string> { "" }, new Dictionary<string, ColumnKind>(), Encoding.UTF8));
        var schema = reader.Infer(CancellationToken.None);

        Assert.ThrowsAny<OperationCanceledException>(() => reader.Infer(new CancellationToken(canceled: true)));
        Assert.ThrowsAny<OperationCanceledException>(() => reader.ReadBatches(schema, new CancellationToken(canceled: true)).ToList());
    }
}
