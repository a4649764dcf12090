using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Loom.Server.Http;

/// <summary>Reads JSON request bodies with errors that say what was wrong and where.</summary>
internal static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblem(415, "Unsupported media type", $"expected a JSON body (Content-Type: application/json), got '{request.ContentType ?? "none"}'");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, request.HttpContext.RequestAborted)
                ?? throw ApiProblem.BadRequest("the body is JSON null; expected an object");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            throw ApiProblem.BadRequest($"the body is not valid JSON for this request{where}: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
