using Microsoft.AspNetCore.Http;

namespace Loom.Server.Http;

/// <summary>Who acts in a request: the body's field when given, else the X-Loom-User header, else the user running the server.</summary>
internal static class RequestUser
{
    /// <param name="request">The request.</param>
    /// <param name="given">The body's field, or null.</param>
    /// <param name="field">The body field's name, for the error.</param>
    public static string Of(HttpRequest request, string? given, string field)
    {
        var user = (given ?? request.Headers["X-Loom-User"].FirstOrDefault() ?? Environment.UserName).Trim();
        return user.Length is > 0 and <= 100 ? user : throw ApiProblem.BadRequest($"'{field}' (or the X-Loom-User header) must have 1 to 100 characters");
    }
}
