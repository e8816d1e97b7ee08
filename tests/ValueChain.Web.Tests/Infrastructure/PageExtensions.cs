using Microsoft.Playwright;

namespace ValueChain.Web.Tests.Infrastructure;

public static class PageExtensions
{
    /// <summary>The button whose accessible name is exactly <paramref name="name"/>.</summary>
    public static ILocator Button(this IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
}
