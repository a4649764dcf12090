using Loom.Sdk;

namespace Loom.Sdk.Tests;

public sealed class ParameterValuesTests
{
    [Theory]
    [InlineData(ParameterType.Integer, "42", 42L)]
    [InlineData(ParameterType.Integer, "4.5", null)]
    [InlineData(ParameterType.Number, "0.25", 0.25)]
    [InlineData(ParameterType.Number, "1e3", 1000.0)]
    [InlineData(ParameterType.Number, "abc", null)]
    [InlineData(ParameterType.Boolean, "true", true)]
    [InlineData(ParameterType.Boolean, "yes", null)]
    [InlineData(ParameterType.String, "text", "text")]
    public void Normalizes_text_to_the_declared_type_or_refuses(ParameterType type, string text, object? expected) =>
        Assert.Equal(expected, ParameterValues.Normalize(type, text));

    [Fact]
    public void Numbers_parse_the_same_in_every_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal(0.25, ParameterValues.Normalize(ParameterType.Number, "0.25"));
            Assert.Equal("0.25", ParameterValues.Format(0.25));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Check_reports_range_and_choice_violations()
    {
        var p = new ParameterManifest("x", ParameterType.Number, "d", false, null, 0, 1, []);
        Assert.Equal("1.5 is above the maximum 1", ParameterValues.Check(p, 1.5));
        Assert.Equal("-1 is below the minimum 0", ParameterValues.Check(p, -1.0));
        Assert.Null(ParameterValues.Check(p, 0.5));
        var choice = new ParameterManifest("m", ParameterType.String, "d", false, null, null, null, ["a", "b"]);
        Assert.Equal("'c' is not one of a, b", ParameterValues.Check(choice, "c"));
    }
}
