using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>What a person does on the builder's canvas: drop components, connect ports, fill in a step's form.</summary>
internal static class Canvas
{
    /// <summary>Drags a component from the palette onto the canvas at a point of the canvas.</summary>
    public static async Task DropAsync(IPage page, string component, int x, int y)
    {
        await page.GetByTestId("palette-search").FillAsync(component);
        await page.GetByTestId($"palette-item-{component}").DragToAsync(page.GetByTestId("canvas"), new() { TargetPosition = new() { X = x, Y = y } });
        await page.GetByTestId("palette-search").FillAsync(string.Empty);
    }

    /// <summary>Drags from an output handle to an input handle, as a person does with the mouse.</summary>
    public static async Task ConnectAsync(IPage page, string fromStep, string output, string toStep, string input)
    {
        // Auto-layout fits every step into view, so both handles can be reached.
        await page.GetByTestId("auto-layout").ClickAsync();
        await SettledAsync(page);
        await page.GetByTestId($"handle-{fromStep}-out-{output}").DragToAsync(page.GetByTestId($"handle-{toStep}-in-{input}"));
    }

    /// <summary>Selects a step by clicking its title on the canvas.</summary>
    public static Task SelectAsync(IPage page, string step) => page.GetByTestId($"node-{step}").Locator(".step-node-header").ClickAsync();

    /// <summary>Selects a step on the canvas and types (or picks) a parameter value in its form.</summary>
    public static async Task SetParamAsync(IPage page, string step, string parameter, string value)
    {
        await SelectAsync(page, step);
        var field = Param(page, parameter);
        if (await field.Locator("input").CountAsync() == 0)
        {
            await field.Locator("select").First.SelectOptionAsync(value);
        }
        else
        {
            await field.Locator("input").First.FillAsync(value);
        }

        await Expect(field.GetByTestId($"param-error-{parameter}")).ToHaveCountAsync(0);
    }

    /// <summary>The field of a parameter in the selected step's form.</summary>
    public static ILocator Param(IPage page, string parameter) => page.GetByTestId("param-form").GetByTestId($"param-{parameter}");

    /// <summary>Waits until the canvas stops moving (zoom to fit animates): the same transform for five frames.</summary>
    public static Task SettledAsync(IPage page) => page.EvaluateAsync(
        """
        () => new Promise(resolve => {
          const viewport = document.querySelector('.react-flow__viewport');
          let last = null, same = 0;
          const tick = () => {
            const now = viewport ? getComputedStyle(viewport).transform : '';
            same = now === last ? same + 1 : 0;
            last = now;
            if (same >= 5) resolve(true); else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        })
        """);
}
