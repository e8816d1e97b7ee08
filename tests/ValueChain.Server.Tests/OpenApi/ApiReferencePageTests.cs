using System.Net;
using System.Text.RegularExpressions;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.OpenApi;

/// <summary>
/// The interactive reference at /scalar: open to anyone, served entirely from this server, and allowed to run
/// only its own scripts.
/// </summary>
public sealed partial class ApiReferencePageTests : IDisposable
{
    private readonly ValueChainApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_reference_page_answers_anonymous_callers_with_html_that_reads_the_document()
    {
        var client = _app.CreateAnonymousClient();

        var page = await client.GetAsync("/scalar");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("openapi/v1.json");
        html.ShouldContain("<title>ValueChain API</title>");
        // The page's script comes from this server, not from a CDN.
        html.ShouldContain("<script src=\"scalar.js\"");
        var script = await client.GetAsync("/scalar/scalar.js");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
    }

    [Fact]
    public async Task The_reference_page_may_run_only_scripts_from_this_server_and_its_own_nonced_start_up_script()
    {
        var page = await _app.CreateAnonymousClient().GetAsync("/scalar/");
        var html = await page.Content.ReadAsStringAsync();

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Nonce().Match(html).Groups["nonce"].Value;
        nonce.ShouldNotBeEmpty();
        policy.ShouldContain($"script-src 'self' 'nonce-{nonce}'");
        policy.ShouldContain("default-src 'self'");
        policy.ShouldNotContain("unsafe-eval");
        policy.ShouldNotContain("https:");
        Regex.Match(policy, "script-src[^;]*").Value.ShouldNotContain("unsafe-inline");

        // A second request gets a nonce of its own.
        var again = await _app.CreateAnonymousClient().GetAsync("/scalar/");
        again.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain(nonce);
    }

    [Fact]
    public async Task Other_pages_keep_the_policy_that_allows_no_script_but_this_servers()
    {
        var home = await _app.CreateClient().GetAsync("/");

        var policy = home.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldStartWith("default-src 'self'");
        policy.ShouldNotContain("script-src");
        policy.ShouldNotContain("nonce-");
    }

    [GeneratedRegex("""<script[^>]*\snonce="(?<nonce>[^"]+)"[^>]*>\s*import""")]
    private static partial Regex Nonce();
}
