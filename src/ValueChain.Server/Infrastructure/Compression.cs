using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace ValueChain.Server.Infrastructure;

internal static class Compression
{
    /// <summary>
    /// Brotli or gzip, at their fastest level, for the API's JSON, problem details and SVG charts: lists and flow reports
    /// shrink several times for a little CPU. Also over HTTPS: these answers carry no secret next to text a third party
    /// could inject (the BREACH condition); HTML pages, which carry antiforgery tokens, are left uncompressed.
    /// </summary>
    public static IServiceCollection AddValueChainCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["application/json", "application/problem+json", "image/svg+xml"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }
}
