using Microsoft.EntityFrameworkCore;
using ValueChain.Access;
using ValueChain.Data.Access;
using ValueChain.Data.Engage;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Plan;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Demo;

/// <summary>What seeding the demo organization did.</summary>
public sealed record DemoSeedReport(bool AlreadySeeded, int Streams, int WorkItems, int Events);

/// <summary>
/// Northwind Trading, a fictional company whose IT runs its services through ValueChain: teams, services,
/// customers, the shipped value streams, and a few dozen work items with histories over the last six weeks.
/// The histories go through the same commands as live work, so every event is one the engine could have made.
/// </summary>
public sealed class DemoOrganization(ValueChainDbContext db, TimeProvider clock, AccountDirectory accounts)
{
    public const string Actor = "demo-seed";

    /// <summary>The password of every demo account; the demo is for trying ValueChain out, never for real data.</summary>
    public const string DemoPassword = "valuechain-demo";

    /// <summary>One person per role, documented in the README so that anyone can sign in to the demo.</summary>
    public static IReadOnlyList<AccountDetails> DemoAccounts { get; } =
    [
        new("emma.svensson", "Emma Svensson", "emma.svensson@northwind.example", [Roles.Requester]),
        new("alex.morgan", "Alex Morgan", "alex.morgan@northwind.example", [Roles.Agent],
            Teams: ["service-desk", "infrastructure", "applications", "change-advisory", "procurement", "service-management-office"]),
        new("vera.lind", "Vera Lind", "vera.lind@northwind.example", [Roles.ValueStreamOwner],
            OwnedValueStreams: ["deliver-change", "fulfil-service-request", "launch-new-service", "onboard-supplier-component", "restore-service", "run-improvement-initiative"]),
        new("sofia.reyes", "Sofia Reyes", "sofia.reyes@northwind.example", [Roles.ServiceOwner]),
        new("max.weber", "Max Weber", "max.weber@northwind.example", [Roles.Administrator]),
    ];
    private static readonly TimeSpan History = TimeSpan.FromDays(42);

    public async Task<DemoSeedReport> SeedAsync(int workItems = 48, CancellationToken cancellationToken = default)
    {
        if (await db.Teams.AnyAsync(cancellationToken))
        {
            return new DemoSeedReport(true, 0, 0, 0);
        }

        // All or nothing: a seed that fails half-way must not leave an organization that looks seeded.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Teams.AddRange(Teams());
        db.Services.AddRange(Services());
        db.Stakeholders.AddRange(Stakeholders());
        await db.SaveChangesAsync(cancellationToken);
        foreach (var account in DemoAccounts)
        {
            var created = await accounts.CreateAsync(account, DemoPassword, cancellationToken);
            if (!created.IsSuccess)
            {
                throw new InvalidOperationException($"Demo account '{account.UserName}' was refused: {created.Error!.Message}");
            }
        }

        var now = clock.GetUtcNow();
        var history = new HistoryClock(now - History);
        var catalog = new ValueStreamCatalog(db, history);
        var streams = 0;
        foreach (var (name, source) in ValueStreamLibrary.Load())
        {
            var published = await catalog.PublishAsync(source, Actor, cancellationToken);
            if (!published.IsSuccess)
            {
                throw new InvalidOperationException($"Shipped value stream {name} does not publish: {published.Error!.Message}");
            }

            streams += published.Value.Created ? 1 : 0;
        }

        // The agreements are in force from the start of the demo's history, so every demo item has its clocks.
        var agreements = await new ServiceLevels(db, history).PublishAsync(ShippedAgreements(), Actor, cancellationToken: cancellationToken);
        if (!agreements.IsSuccess)
        {
            throw new InvalidOperationException($"The shipped agreements do not publish: {agreements.Error!.Message}");
        }

        var commands = new WorkItemCommands(db, catalog, history);
        var intake = new DemandIntake(db, catalog, commands, history);
        var random = new Random(20261122);
        var events = 0;
        var opened = 0;
        var scenarios = Scenarios();
        for (var i = 0; i < workItems; i++)
        {
            var scenario = scenarios[i % scenarios.Length];
            // Older items first, so that ids grow with time as they would in a live system.
            history.Set(now - History + TimeSpan.FromHours(History.TotalHours * i / workItems) + TimeSpan.FromMinutes(random.Next(0, 600)));
            var demand = new DemandDetails(scenario.DemandType, scenario.Title, scenario.Description, scenario.Service,
                RequesterKeys[random.Next(RequesterKeys.Length)], (Priority)random.Next(0, 4), "portal");
            var item = await intake.OpenAsync(demand, null, Actor, cancellationToken);
            if (!item.IsSuccess)
            {
                throw new InvalidOperationException($"Demo demand '{scenario.Title}' was refused: {item.Error!.Message}");
            }

            opened++;
            events += 1 + await WalkAsync(item.Value, catalog, commands, history, now, random, cancellationToken);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
        return new DemoSeedReport(false, streams, opened, events);
    }

    /// <summary>Northwind's agreements and calendars (agreements/northwind.yaml), carried in this assembly.</summary>
    internal static string ShippedAgreements()
    {
        using var stream = typeof(DemoOrganization).Assembly.GetManifestResourceStream("agreements/northwind.yaml")
            ?? throw new InvalidOperationException("The shipped agreements are missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Moves an item along its stream with plausible durations until it reaches value or the present.</summary>
    private static async Task<int> WalkAsync(
        WorkItem item, ValueStreamCatalog catalog, WorkItemCommands commands, HistoryClock history, DateTimeOffset now, Random random, CancellationToken cancellationToken)
    {
        var stream = await catalog.DefinitionAsync(item.ValueStreamKey, item.ValueStreamVersion, cancellationToken);
        var events = 0;
        var visited = new HashSet<string>();
        var cancelAtStep = random.NextDouble() < 0.08 ? random.Next(0, 3) : -1;
        for (var guard = 0; guard < 40; guard++)
        {
            // Work queues at a step for a while before someone picks it up.
            if (!Advance(history, now, Minutes(random, 5, 240)))
            {
                return events;
            }

            item = (await commands.ApplyAsync(item.Id, new StartStep(), Actor, cancellationToken)).Value;
            events++;
            if (guard == cancelAtStep)
            {
                var reason = random.Next(2) == 0 ? "Duplicate of an earlier request" : "Withdrawn by the requester";
                await commands.ApplyAsync(item.Id, new CancelWork(reason), Actor, cancellationToken);
                return events + 1;
            }

            var step = stream.Step(item.CurrentStepKey!);
            visited.Add(step.Key);
            var work = (step.Target ?? TimeSpan.FromHours(8)) * (0.15 + (random.NextDouble() * 0.9));

            if (random.NextDouble() < 0.25)
            {
                var half = work / 2;
                if (!Advance(history, now, half))
                {
                    return events;
                }

                var reason = (WaitReason)random.Next(0, 6);
                item = (await commands.ApplyAsync(item.Id, new WaitStep(reason, $"Waiting on {reason.ToString().ToLowerInvariant()}"), Actor, cancellationToken)).Value;
                events++;
                if (!Advance(history, now, work * random.NextDouble()))
                {
                    return events;
                }

                item = (await commands.ApplyAsync(item.Id, new ResumeStep(null), Actor, cancellationToken)).Value;
                events++;
                work = half;
            }

            if (!Advance(history, now, work))
            {
                return events;
            }

            var next = ChooseNext(step, visited, random);
            var outputs = step.Produces.Select(kind => new ArtifactOutput(kind, $"{step.Name}: {item.Title}")).ToList();
            var completed = await commands.ApplyAsync(item.Id, new CompleteStep(outputs, next), Actor, cancellationToken);
            item = completed.Value;
            events++;
            if (item.State == WorkItemState.Delivered)
            {
                if (!Advance(history, now, Minutes(random, 30, 2880)))
                {
                    return events;
                }

                var rating = random.Next(3, 6);
                var confirm = new ConfirmValue(stream.Value.Outcome, item.Requester ?? stream.Value.ConfirmedBy, rating);
                await commands.ApplyAsync(item.Id, confirm, Actor, cancellationToken);
                return events + 1;
            }
        }

        return events;
    }

    /// <summary>
    /// Mostly takes the first way forward the stream lists (its main path), sometimes another branch, and now and
    /// then a loop back to a step already done, as real work does.
    /// </summary>
    private static string ChooseNext(StepDefinition step, HashSet<string> visited, Random random)
    {
        var loops = step.Next.Where(visited.Contains).ToList();
        if (loops.Count > 0 && random.NextDouble() < 0.15)
        {
            return loops[0];
        }

        var forward = step.Next.Where(n => !visited.Contains(n)).ToList();
        if (forward.Count == 0)
        {
            return step.Next.Contains(ValueStreamDefinition.ValueTarget) ? ValueStreamDefinition.ValueTarget : step.Next[0];
        }

        return forward.Count == 1 || random.NextDouble() < 0.8 ? forward[0] : forward[random.Next(1, forward.Count)];
    }

    private static TimeSpan Minutes(Random random, int min, int max) => TimeSpan.FromMinutes(random.Next(min, max));

    private static bool Advance(HistoryClock history, DateTimeOffset now, TimeSpan by)
    {
        if (history.GetUtcNow() + by >= now)
        {
            return false;
        }

        history.Set(history.GetUtcNow() + by);
        return true;
    }

    private static readonly string[] RequesterKeys = ["anna.keller", "ben.ortiz", "chloe.martin", "dev.patel", "emma.svensson", "farid.haddad"];

    private static Team[] Teams() =>
    [
        new("service-desk", "Service Desk", "First contact for every user; owns engage and support steps."),
        new("infrastructure", "Infrastructure and Platforms", "Servers, network, cloud platforms and workplace devices."),
        new("applications", "Business Applications", "Designs, builds and runs the business applications."),
        new("change-advisory", "Change Advisory", "Assesses, authorizes and schedules changes and releases."),
        new("procurement", "Procurement and Suppliers", "Buys components and manages supplier contracts."),
        new("service-management-office", "Service Management Office", "Portfolio, service levels, reporting and continual improvement."),
    ];

    private static Service[] Services() =>
    [
        new("email", "Email and collaboration", "Mail, calendars, chat and video meetings for all staff.", ServiceLifecycle.Catalogue, "infrastructure"),
        new("erp", "ERP and finance", "Orders, invoicing and the general ledger.", ServiceLifecycle.Catalogue, "applications"),
        new("workplace", "Digital workplace", "Laptops, phones, accounts and access for every employee.", ServiceLifecycle.Catalogue, "service-desk"),
        new("webshop", "Customer webshop", "The online shop where Northwind's customers order.", ServiceLifecycle.Catalogue, "applications"),
        new("network", "Network and VPN", "Office networks, Wi-Fi and remote access.", ServiceLifecycle.Catalogue, "infrastructure"),
        new("analytics", "Sales analytics", "Dashboards and forecasts for sales and finance.", ServiceLifecycle.Pipeline, "applications"),
        new("fax-gateway", "Fax gateway", "Outbound fax for the legal department.", ServiceLifecycle.Retired, "infrastructure"),
    ];

    private static Stakeholder[] Stakeholders() =>
    [
        new("finance", "Finance department", StakeholderKind.Customer, "finance@northwind.example", "Northwind Trading"),
        new("sales", "Sales department", StakeholderKind.Customer, "sales@northwind.example", "Northwind Trading"),
        new("warehouse", "Warehouse and logistics", StakeholderKind.Customer, "logistics@northwind.example", "Northwind Trading"),
        new("anna.keller", "Anna Keller", StakeholderKind.User, "anna.keller@northwind.example", "Finance department"),
        new("ben.ortiz", "Ben Ortiz", StakeholderKind.User, "ben.ortiz@northwind.example", "Sales department"),
        new("chloe.martin", "Chloe Martin", StakeholderKind.User, "chloe.martin@northwind.example", "Warehouse and logistics"),
        new("dev.patel", "Dev Patel", StakeholderKind.User, "dev.patel@northwind.example", "Sales department"),
        new("emma.svensson", "Emma Svensson", StakeholderKind.User, "emma.svensson@northwind.example", "Finance department"),
        new("farid.haddad", "Farid Haddad", StakeholderKind.User, "farid.haddad@northwind.example", "Warehouse and logistics"),
        new("cloudhost", "CloudHost Ltd", StakeholderKind.Supplier, "support@cloudhost.example", null),
        new("laptopco", "LaptopCo", StakeholderKind.Supplier, "orders@laptopco.example", null),
    ];

    private sealed record Scenario(string DemandType, string Title, string? Description, string? Service);

    private static Scenario[] Scenarios() =>
    [
        new("incident", "Email not syncing on phones", "Since this morning, mobile mail stopped syncing for several users.", "email"),
        new("service-request", "New laptop for a new hire", "Starter in Sales on Monday needs a standard laptop.", "workplace"),
        new("incident", "Webshop checkout returns an error", "Customers report error 500 at payment.", "webshop"),
        new("change-request", "Upgrade ERP to the next minor release", "Vendor release fixes invoice rounding.", "erp"),
        new("service-request", "Access to the finance share", "Needs read access to the month-end folder.", "workplace"),
        new("incident", "VPN drops every few minutes", "Remote staff lose the VPN connection repeatedly.", "network"),
        new("product-idea", "Sales forecasting dashboard", "Sales wants a weekly forecast by region.", "analytics"),
        new("improvement-idea", "Cut password reset calls", "A third of desk calls are password resets; offer self-service.", "workplace"),
        new("feedback", "Slow response on laptop requests", "Requests take two weeks; staff expect days.", "workplace"),
        new("supplier-request", "Second cloud hosting provider", "Reduce dependency on a single hosting supplier.", "webshop"),
        new("change-request", "Renew the webshop TLS certificate", "Certificate expires in three weeks.", "webshop"),
        new("opportunity", "Offer B2B ordering to wholesale customers", "Wholesale customers ask for bulk ordering.", "webshop"),
        new("incident", "Invoices print with wrong VAT", "Invoices from ERP show last year's VAT rate.", "erp"),
        new("service-request", "Shared mailbox for the warehouse", "One mailbox for all dispatch questions.", "email"),
        new("incident", "Wi-Fi down on the second floor", null, "network"),
        new("supplier-request", "Replace end-of-life office switches", "Core switches reach end of support in spring.", "network"),
    ];

    /// <summary>A clock the seeder moves forward by hand, so demo histories lie in the past.</summary>
    private sealed class HistoryClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Set(DateTimeOffset value) => _now = value;
    }
}
