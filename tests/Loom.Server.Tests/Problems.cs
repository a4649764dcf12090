using System.Text.Json.Nodes;

namespace Loom.Server.Tests;

/// <summary>Assertions on <c>application/problem+json</c> answers.</summary>
internal static class Problems
{
    public static JsonNode Assert(int expectedStatus, (int Status, JsonNode? Body, HttpResponseMessage Response) answer, string detailPart)
    {
        Xunit.Assert.True(answer.Status == expectedStatus, $"expected {expectedStatus}, got {answer.Status}: {answer.Body}");
        Xunit.Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        var body = answer.Body!;
        Xunit.Assert.Equal(expectedStatus, body["status"]!.GetValue<int>());
        Xunit.Assert.Contains(detailPart, body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        return body;
    }
}
