using Microsoft.Playwright;

namespace Loom.E2E.Tests;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no browser download), with one page, and a folder
/// for the screenshots of each stage a test goes through.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly string screenshots;
    private int shot;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page, string screenshots)
    {
        (this.playwright, this.browser, Page, this.screenshots) = (playwright, browser, page, screenshots);
    }

    public IPage Page { get; }

    /// <summary>Messages the page wrote to its console as errors, and uncaught exceptions.</summary>
    public List<string> PageErrors { get; } = [];

    public static async Task<BrowserSession> LaunchAsync(Uri baseAddress, string testName)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing; ./test.sh installs Debian's chromium package");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        // The suite's test projects run side by side on small machines: a first render under load can take seconds.
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots", testName);
        Directory.CreateDirectory(folder);
        var session = new BrowserSession(playwright, browser, page, folder);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session.PageErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => session.PageErrors.Add(error);
        return session;
    }

    /// <summary>Saves a screenshot of the whole page, numbered in the order taken.</summary>
    public async Task ScreenshotAsync(string stage)
    {
        shot++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"{shot:00}-{stage}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
