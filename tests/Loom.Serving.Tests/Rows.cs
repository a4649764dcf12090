using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;

namespace Loom.Serving.Tests;

/// <summary>Rows of a CSV file as the serving API takes them: the file's own lines, or JSON objects typed by the model's fields.</summary>
internal static class Rows
{
    public static (string[] Header, List<string[]> Lines) Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var lines = new List<string[]>();
        while (csv.Read())
        {
            lines.Add([.. Enumerable.Range(0, header.Length).Select(i => csv.GetField(i) ?? "")]);
        }

        return (header, lines);
    }

    /// <summary>The lines as CSV text under the header.</summary>
    public static string Csv(string[] header, IEnumerable<string[]> lines)
    {
        var text = new StringBuilder();
        using (var writer = new StringWriter(text))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var name in header)
            {
                csv.WriteField(name);
            }

            csv.NextRecord();
            foreach (var line in lines)
            {
                foreach (var cell in line)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    /// <summary>One line as a JSON object of the fields the model reads, typed as the model describes them.</summary>
    public static JsonObject Json(string[] header, string[] line, JsonArray fields)
    {
        var row = new JsonObject();
        foreach (var field in fields)
        {
            var name = field!["name"]!.GetValue<string>();
            var cell = line[Array.IndexOf(header, name)];
            row[name] = field["type"]!.GetValue<string>() switch
            {
                "number" => cell.Length == 0 ? null : JsonValue.Create(double.Parse(cell, CultureInfo.InvariantCulture)),
                "boolean" => JsonValue.Create(cell is "1" or "true" or "True"),
                _ => JsonValue.Create(cell),
            };
        }

        return row;
    }
}
