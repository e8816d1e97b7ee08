using ValueChain.Data.Storage;
using ValueChain.Server.Features.Access;
using ValueChain.Server.Features.Engage;
using ValueChain.Server.Features.Flow;
using ValueChain.Server.Features.Health;
using ValueChain.Server.Features.Improve;
using ValueChain.Server.Features.Plan;
using ValueChain.Server.Features.ServiceValueSystem;
using ValueChain.Server.Features.ValueStreams;
using ValueChain.Server.Features.Webhooks;
using ValueChain.Server.Infrastructure;
using ValueChain.Server.Infrastructure.Jobs;
using ValueChain.Server.Infrastructure.OpenApi;
using ValueChain.Server.Infrastructure.Security;
using ValueChain.Server.Web;

var builder = WebApplication.CreateBuilder(args);
// Serve the web UI's files from the build output in every environment, not only in Development; a published
// server has them in wwwroot and this finds nothing more to add.
builder.WebHost.UseStaticWebAssets();

var storage = StorageSettings.From(builder.Configuration);
builder.Services.AddValueChainJobs(builder.Configuration);
builder.Services.AddValueChainData(storage);
builder.Services.AddValueChainSecurity();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
builder.Services.AddValueChainOpenApi();
builder.Services.AddValueChainWeb();
builder.Services.AddValueChainCompression();

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseResponseCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebStatusPages();
// Routing after the status pages, so that a page re-executed for a 404 is routed afresh.
app.UseRouting();
app.UseSecurityHeaders();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UsePasswordChangeGate();
app.UseAntiforgery();

var endpoints = app.MapGroup("");
endpoints.MapHealthEndpoints();
endpoints.MapAuthEndpoints();
endpoints.MapAccountEndpoints();
endpoints.MapReferenceEndpoints();
endpoints.MapActivityEndpoints();
endpoints.MapValueStreamEndpoints();
endpoints.MapDemandEndpoints();
endpoints.MapWorkItemEndpoints();
endpoints.MapEventEndpoints();
endpoints.MapPortfolioEndpoints();
endpoints.MapTeamEndpoints();
endpoints.MapStakeholderEndpoints();
endpoints.MapArtifactEndpoints();
endpoints.MapWebhookEndpoints();
endpoints.MapAgreementEndpoints();
endpoints.MapMetricsEndpoints();
endpoints.MapServiceLevelMetricsEndpoints();
endpoints.MapApiDescription();
((IEndpointConventionBuilder)endpoints).Finally(AccessRules.Apply);
app.MapWeb();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
