using System.Text.Json;
using Loom.Pipelines.Validation;
using Loom.Sdk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Loom.Server.Http;

/// <summary>Turns every failure of an API request into an <c>application/problem+json</c> answer.</summary>
internal sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var (status, title, detail, extensions) = e switch
            {
                ApiProblem p => (p.Status, p.Title, p.Message, p.Extensions),
                PipelineValidationException v => (400, "Invalid pipeline", Summary(v.Errors), Errors(v.Errors)),
                LoomException l => (400, "Bad request", l.Message, null),
                BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message, null),
                _ => (500, "Internal error", "the server failed to handle the request; see its log", null),
            };
            if (status >= 500)
            {
                logger.LogError(e, "request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            }

            await WriteAsync(context, status, title, detail, extensions);
        }
    }

    /// <summary>The first error with its step and port (without the file location, which means nothing to an API client), and how many more.</summary>
    public static string Summary(IReadOnlyList<PipelineError> errors) =>
        errors[0].Describe() + (errors.Count > 1 ? $" (and {errors.Count - 1} more errors; see 'errors')" : "");

    public static IReadOnlyDictionary<string, object?> Errors(IEnumerable<PipelineError> errors) =>
        new Dictionary<string, object?> { ["errors"] = errors.Select(ErrorView.Of).ToList() };

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}", Instance = context.Request.Path };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, ApiJson.Options, context.RequestAborted);
    }
}

/// <summary>A pipeline problem as the API reports it: where, which step and port, and what.</summary>
internal sealed record ErrorView(int Line, int Column, string? Step, string? Port, string Message)
{
    public static ErrorView Of(PipelineError e) => new(e.Location.Line, e.Location.Column, e.Step, e.Port, e.Message);
}
