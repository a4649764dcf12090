using System.Globalization;
using System.Xml.Linq;

namespace Loom.Cli.Ci;

/// <summary>The JUnit XML that CI systems (GitHub, Azure Pipelines, GitLab, Jenkins) read: one test suite per kind of check.</summary>
internal static class JUnitReport
{
    public static XDocument Of(IReadOnlyList<CiCase> cases)
    {
        var suites = cases.GroupBy(c => c.Suite).Select(suite => new XElement(
            "testsuite",
            new XAttribute("name", suite.Key),
            new XAttribute("tests", suite.Count()),
            new XAttribute("failures", suite.Count(c => !c.Passed)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(suite.Sum(c => c.Seconds))),
            suite.Select(c => new XElement(
                "testcase",
                new XAttribute("classname", $"loom.{suite.Key}"),
                new XAttribute("name", c.Name),
                new XAttribute("time", Seconds(c.Seconds)),
                c.Failure is { } failure ? new XElement("failure", new XAttribute("message", FirstLine(failure)), failure) : null))));
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                "testsuites",
                new XAttribute("name", "loom ci"),
                new XAttribute("tests", cases.Count),
                new XAttribute("failures", cases.Count(c => !c.Passed)),
                new XAttribute("time", Seconds(cases.Sum(c => c.Seconds))),
                suites));
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }
}
