using System.CommandLine;
using ValueChain.Bench;

// The benchmarks of ValueChain, each against a baseline measured in the same run. Run in Release:
//   dotnet run -c Release --project bench/ValueChain.Bench -- flow
var items = new Option<int>("--items") { Description = "How many work items to generate.", DefaultValueFactory = _ => 1_000_000 };
var runs = new Option<int>("--runs") { Description = "Timed runs per computation (after one warm-up); the median is reported.", DefaultValueFactory = _ => 3 };
var seed = new Option<int>("--seed") { Description = "Seed of the generated history.", DefaultValueFactory = _ => 20261101 };
var serviceNow = new Option<string?>("--servicenow")
{
    Description = "The ServiceNow incident log to time reading (default: ../shared/data/servicenow-incident-event-log.csv.gz when present).",
};

var flow = new Command("flow", "Flow metrics and process mining at scale, against DuckDB over the same data, and the ServiceNow log read rate.")
{
    items, runs, seed, serviceNow,
};
flow.SetAction(parse =>
{
    var log = parse.GetValue(serviceNow) ?? DefaultServiceNowLog();
    return FlowBenchmark.Run(parse.GetValue(items), Math.Max(1, parse.GetValue(runs)), parse.GetValue(seed), log, Console.Out);
});

var root = new RootCommand("ValueChain benchmarks.") { flow };
return await root.Parse(args).InvokeAsync();

static string? DefaultServiceNowLog() => Files.Find(Path.Combine("..", "shared", "data", "servicenow-incident-event-log.csv.gz"));
