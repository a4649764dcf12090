using System.Diagnostics;
using Loom.Execution;
using Loom.Pipelines.Catalog;
using Microsoft.AspNetCore.Http;

namespace Loom.Server.Components;

/// <summary>
/// Keeps the server's catalog in step with the workspace's component repository, which the command line can change
/// while the server runs (<c>loom component publish</c>, <c>deprecate</c>): an API request looks again when the last
/// look is older than <see cref="Interval"/>, so the palette, validation and runs see what was published or
/// deprecated since.
/// </summary>
internal sealed class CatalogRefreshMiddleware(RequestDelegate next, Workspace workspace, ComponentCatalog catalog)
{
    /// <summary>How long one look at the repository serves.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim looking = new(1, 1);
    private long lastLook = -1;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && Stale())
        {
            await looking.WaitAsync(context.RequestAborted);
            try
            {
                if (Stale())
                {
                    await workspace.RefreshCatalogAsync(catalog, context.RequestAborted);
                    Interlocked.Exchange(ref lastLook, Stopwatch.GetTimestamp());
                }
            }
            finally
            {
                looking.Release();
            }
        }

        await next(context);
    }

    private bool Stale()
    {
        var last = Interlocked.Read(ref lastLook);
        return last < 0 || Stopwatch.GetElapsedTime(last) > Interval;
    }
}
