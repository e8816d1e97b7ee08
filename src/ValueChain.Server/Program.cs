using ValueChain.Data.Storage;
using ValueChain.Server.Features.Engage;
using ValueChain.Server.Features.Flow;
using ValueChain.Server.Features.Health;
using ValueChain.Server.Features.Plan;
using ValueChain.Server.Features.ServiceValueSystem;
using ValueChain.Server.Features.ValueStreams;
using ValueChain.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

var storage = StorageSettings.From(builder.Configuration);
builder.Services.AddValueChainData(storage);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapHomeEndpoints();
app.MapHealthEndpoints();
app.MapReferenceEndpoints();
app.MapActivityEndpoints();
app.MapValueStreamEndpoints();
app.MapDemandEndpoints();
app.MapWorkItemEndpoints();
app.MapEventEndpoints();
app.MapPortfolioEndpoints();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
