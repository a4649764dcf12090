namespace Loom.Server.Http;

/// <summary>A request the API refuses, with the HTTP status and what to tell the client; written as problem+json.</summary>
internal sealed class ApiProblem(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public static ApiProblem BadRequest(string detail, IReadOnlyDictionary<string, object?>? extensions = null) => new(400, "Bad request", detail, extensions);

    public static ApiProblem NotFound(string detail) => new(404, "Not found", detail);

    public static ApiProblem Conflict(string detail, IReadOnlyDictionary<string, object?>? extensions = null) => new(409, "Conflict", detail, extensions);
}
