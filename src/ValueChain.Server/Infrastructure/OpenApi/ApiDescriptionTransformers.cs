using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ValueChain.Server.Features.ValueStreams;

namespace ValueChain.Server.Infrastructure.OpenApi;

/// <summary>
/// What the endpoints' metadata cannot tell the OpenAPI generator: who may call them, the problem details they
/// answer with, and the bodies and headers the handlers read by hand. Kept here so the feature files stay about
/// their features.
/// </summary>
internal static class ApiDescriptionTransformers
{
    public const string ApiTokenScheme = "apiToken";
    public const string CookieScheme = "signInCookie";
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemContentType = "application/problem+json";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Health"] = "Whether the server and its database answer.",
        ["Authentication"] = "Signing in and out, the signed-in account, and personal API tokens.",
        ["Accounts"] = "Accounts and the roles they hold; for administrators.",
        ["Reference model"] = "The ITIL 4 service value system that value streams and records point at.",
        ["Value chain"] = "The six value chain activities, the information flowing between them, and each activity's inbox.",
        ["Value streams"] = "Value streams as code: published from YAML or JSON, validated and versioned.",
        ["Demand"] = "Demand intake: every kind of demand opens a work item on the value stream that serves it.",
        ["Work items"] = "The runs of value streams, moved step by step until the consumer confirms the value.",
        ["Events"] = "The append-only event log, read forward with a cursor or followed as server-sent events.",
        ["Portfolio"] = "The service portfolio and the teams.",
        ["Stakeholders"] = "Customers, users, suppliers and partners.",
        ["Webhooks"] = "Outbound webhooks: subscriptions per event type, signed deliveries and their log; for administrators.",
        ["Metrics"] = "Flow metrics, charts and process mining over the work items, native and imported, with XES and OCEL 2.0 export.",
        ["Service levels"] = "Agreements and calendars published as versions, and the service level clocks of each work item.",
    };

    private static readonly Dictionary<int, string> ProblemDescriptions = new()
    {
        [StatusCodes.Status400BadRequest] = "The body is not valid JSON or a parameter has the wrong type.",
        [StatusCodes.Status401Unauthorized] = "No valid sign-in cookie or API token came with the request.",
        [StatusCodes.Status403Forbidden] = "The account's roles do not allow this, or it must change its generated password first.",
        [StatusCodes.Status404NotFound] = "Something the path or the body names does not exist.",
        [StatusCodes.Status409Conflict] = "The record's current state does not allow this; `detail` says why.",
        [StatusCodes.Status412PreconditionFailed] = "`If-Match` names a revision that is no longer current: read the item again.",
        [StatusCodes.Status422UnprocessableEntity] = "The input breaks a rule; `code` names it.",
        [StatusCodes.Status429TooManyRequests] = "Too many sign-in attempts from this address; try again in a minute.",
    };

    /// <summary>
    /// Problems a handler answers with beyond the ones its shape implies (401 and 403 when it needs an account,
    /// 400 when it reads a body or query, 404 when its path names something).
    /// </summary>
    private static readonly Dictionary<string, int[]> HandlerProblems = new(StringComparer.Ordinal)
    {
        ["SignIn"] = [StatusCodes.Status401Unauthorized, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests],
        ["GetCurrentAccount"] = [StatusCodes.Status404NotFound],
        ["ChangePassword"] = [StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity],
        ["IssueApiToken"] = [StatusCodes.Status422UnprocessableEntity],
        ["CreateAccount"] = [StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity],
        ["UpdateAccount"] = [StatusCodes.Status422UnprocessableEntity],
        ["PublishValueStream"] = [StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity],
        ["OpenDemand"] = [StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity],
        ["ListWorkItems"] = [StatusCodes.Status422UnprocessableEntity],
        ["ListEvents"] = [StatusCodes.Status422UnprocessableEntity],
        ["GetAgreements"] = [StatusCodes.Status404NotFound],
        ["PublishAgreements"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity],
        ["GetWorkItemClocks"] = [StatusCodes.Status404NotFound],
        ["GetValueStreamMap"] = [StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity],
        ["StreamEvents"] = [StatusCodes.Status422UnprocessableEntity],
        ["AssignWorkItem"] = [StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity],
        ["DiffValueStreamVersions"] = [StatusCodes.Status422UnprocessableEntity],
        ["CreateWebhook"] = [StatusCodes.Status422UnprocessableEntity],
        ["UpdateWebhook"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity],
        ["ListWebhookDeliveries"] = [StatusCodes.Status422UnprocessableEntity],
        ["CreateService"] = [StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity],
        ["UpdateService"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity],
        ["DeleteService"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed],
        ["CreateTeam"] = [StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity],
        ["UpdateTeam"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity],
        ["DeleteTeam"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed],
        ["CreateStakeholder"] = [StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity],
        ["UpdateStakeholder"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity],
        ["DeleteStakeholder"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed],
        ["MoveService"] = [StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity],
        ["ListServices"] = [StatusCodes.Status422UnprocessableEntity],
        ["ListTeams"] = [StatusCodes.Status422UnprocessableEntity],
        ["ListStakeholders"] = [StatusCodes.Status422UnprocessableEntity],
        ["ListArtifacts"] = [StatusCodes.Status422UnprocessableEntity],
    };

    /// <summary>The work item transitions: they honour <c>If-Match</c> and refuse what the item's state does not allow.</summary>
    private static readonly HashSet<string> ConditionalTransitions = new(StringComparer.Ordinal)
    {
        "StartStep", "WaitStep", "ResumeStep", "CompleteStep", "LoopBack", "CancelWorkItem", "ConfirmValue", "ReopenWorkItem", "AssignWorkItem",
        "AddComment", "AnswerWorkItem", "ChangePriority",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocumentAsync);
        options.AddOperationTransformer(DescribeOperationAsync);
        options.AddSchemaTransformer(DescribeSchemaAsync);
    }

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ValueChain API",
            Version = "v1",
            Description = """
                ValueChain runs the ITIL 4 service value chain: demand opens a work item on a value stream, the work
                moves step by step through the six value chain activities, and ends in value the consumer confirms.

                Send a personal API token as `Authorization: Bearer vc_...` (issue one with `POST /api/v1/auth/tokens`
                after signing in), or the session cookie that `POST /api/v1/auth/sign-in` sets. Errors are RFC 9457
                problem details with a stable `code`. Enumerations travel as kebab-case strings. A work item's `ETag`
                is its revision: send it back as `If-Match` to turn a stale write into a 412.
                """,
        };

        // Relative to wherever the document was read, so the address stays right behind a proxy and under any host
        // name (each installation is its own server); without a trailing slash, which would double the one paths start with.
        foreach (var server in document.Servers ?? [])
        {
            if (Uri.TryCreate(server.Url, UriKind.Absolute, out var url))
            {
                server.Url = url.AbsolutePath.Length > 1 ? url.AbsolutePath.TrimEnd('/') : "/";
            }
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiTokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "vc_...",
            Description = "A personal API token from `POST /api/v1/auth/tokens`, sent as `Authorization: Bearer vc_...`.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "valuechain.auth",
            Description = "The session cookie `POST /api/v1/auth/sign-in` sets; what the web UI uses.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var schema in document.Components.Schemas.Values)
        {
            // Nulls are left out of the JSON (JsonSetup), so a property that may be null may also be missing.
            if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
            {
                required.ExceptWith([.. required.Where(name => properties.TryGetValue(name, out var property) && MayBeNull(property))]);
            }
        }

        document.Components.Schemas[ProblemSchema] = Problem();

        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is not null && TagDescriptions.TryGetValue(tag.Name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }

    private static async Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var name = operation.OperationId ?? "";
        // The access rules put AllowAnonymous on open endpoints; the fallback policy asks an account of all others.
        var needsAccount = !metadata.OfType<IAllowAnonymous>().Any();

        // Either scheme will do. An open operation says so with an empty list rather than leaving its security unstated.
        operation.Security = needsAccount ? [Requirement(ApiTokenScheme, context.Document), Requirement(CookieScheme, context.Document)] : [];

        var problems = new SortedSet<int>(HandlerProblems.GetValueOrDefault(name, []));
        if (needsAccount)
        {
            problems.Add(StatusCodes.Status401Unauthorized);
            problems.Add(StatusCodes.Status403Forbidden);
        }

        var parameters = operation.Parameters ?? [];
        if (operation.RequestBody is not null || parameters.Any(p => p.In == ParameterLocation.Query))
        {
            problems.Add(StatusCodes.Status400BadRequest);
        }

        if (parameters.Any(p => p.In == ParameterLocation.Path))
        {
            problems.Add(StatusCodes.Status404NotFound);
        }

        if (ConditionalTransitions.Contains(name))
        {
            problems.UnionWith([StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity]);
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Description = "The `ETag` of the last read of the work item; the change is refused with 412 if the item has changed since.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (name == "PublishValueStream")
        {
            await DescribePublishBodyAsync(operation, context, ct);
        }

        operation.Responses ??= [];
        foreach (var status in problems)
        {
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ProblemDescriptions[status],
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                },
            };
        }

        // Every answer that carries a work item carries its revision as the ETag.
        foreach (var response in context.Description.SupportedResponseTypes.Where(r => r.Type == typeof(WorkItemDetail)))
        {
            if (operation.Responses.TryGetValue(response.StatusCode.ToString(CultureInfo.InvariantCulture), out var described)
                && described is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The work item's revision; send it as `If-Match` with the next change.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    /// <summary>The publish endpoint reads its body itself: the definition as text, or JSON with the text in <c>source</c>.</summary>
    private static async Task DescribePublishBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var wrapped = await context.GetOrCreateSchemaAsync(typeof(PublishRequest), cancellationToken: ct);
        wrapped.Description = "The definition's text in `source`; a JSON body without it is read as the definition itself.";
        wrapped.Required = null;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The value stream definition (see valuestreams/ in the repository for examples).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/yaml"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The definition as YAML." } },
                ["application/json"] = new() { Schema = wrapped },
            },
        };
    }

    private static Task DescribeSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        // Enums are written as kebab-case strings (JsonSetup); say that they are strings, not just which words.
        // Where one may be missing, the property says so (oneOf null), not the enum every use shares.
        if (schema.Enum is { Count: > 0 } values && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. values.Where(v => v is not null)];
        }

        // The server reads numbers from strings too, but always writes numbers: clients should send numbers.
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }

    private static bool MayBeNull(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true
        || schema.OneOf?.Any(alternative => alternative.Type == JsonSchemaType.Null) == true;

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem: what went wrong, with a stable `code` a client can act on.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI that names the kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong and what to do about it." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable, machine-readable reason, e.g. `stale-revision`." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For invalid input: each field (as the API spells it) with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["locations"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "For an invalid value stream: each problem with its line and column.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["line"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                        ["column"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                        ["path"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Names the request in the server's log." },
        },
    };
}
