using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plankton.Core.Maintenance;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton gc</c> and <c>plankton verify</c>: garbage collection and scrub of the store (docs/reliability.md).</summary>
internal static class MaintenanceCommands
{
    public static Command Gc(CliRuntime runtime)
    {
        Option<int> batchSize = BatchSizeOption(GarbageCollectionOptions.DefaultBatchSize);
        var sweep = new Option<bool>("--sweep")
        {
            Description = "First enumerate every block file and collect those the catalogue does not know (costs a pass over the store).",
        };
        var command = new Command(
            "gc",
            "Delete the blocks that no image version references and no upload in progress uses. Safe while other processes upload; interrupted runs continue on the next.")
        {
            batchSize,
            sweep,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            bool quiet = parse.GetValue(CliOptions.Quiet);
            GarbageCollectionReport report = await session.Maintenance.CollectGarbageAsync(
                new GarbageCollectionOptions
                {
                    BatchSize = parse.GetValue(batchSize),
                    SweepUnregisteredBlocks = parse.GetValue(sweep),
                    Progress = quiet ? null : new LineProgress<GarbageCollectionReport>(r => runtime.Error.WriteLine(Invariant($"gc: {r.Examined} examined, {r.Deleted} deleted"))),
                },
                cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                runtime.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, long>
                {
                    ["leases_released"] = report.LeasesReleased,
                    ["registered"] = report.Registered,
                    ["examined"] = report.Examined,
                    ["deleted"] = report.Deleted,
                    ["pinned"] = report.Pinned,
                }));
            }
            else
            {
                runtime.Output.WriteLine(Invariant(
                    $"deleted {report.Deleted} blocks ({report.Examined} unreferenced examined, {report.Pinned} kept for uploads in progress, {report.LeasesReleased} stale leases released)"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Verify(CliRuntime runtime)
    {
        Option<int> batchSize = BatchSizeOption(ScrubOptions.DefaultBatchSize);
        var sample = new Option<double>("--sample")
        {
            Description = "Check only this share of the blocks, from 0 (exclusive) to 1; the same blocks on every run.",
            DefaultValueFactory = _ => 1,
        };
        sample.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(value > 0 && value <= 1))
            {
                result.AddError(Invariant($"--sample must be greater than 0 and at most 1; {value} is not."));
            }
        });
        var restart = new Option<bool>("--restart") { Description = "Start from the first block instead of continuing an interrupted run." };
        var command = new Command(
            "verify",
            "Read every block that an image uses and check it against its name. Exits 0 when intact; otherwise lists the missing and corrupt blocks with the images using them (which are then shown as killed) and exits 6.")
        {
            batchSize,
            sample,
            restart,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            bool quiet = parse.GetValue(CliOptions.Quiet);
            ScrubReport report = await session.Maintenance.ScrubAsync(
                new ScrubOptions
                {
                    BatchSize = parse.GetValue(batchSize),
                    SampleRate = parse.GetValue(sample),
                    Restart = parse.GetValue(restart),
                    Progress = quiet ? null : new LineProgress<ScrubReport>(r => runtime.Error.WriteLine(Invariant($"verify: {r.Checked} blocks checked"))),
                },
                cancellationToken);
            WriteReport(runtime, parse.GetValue(CliOptions.Json), report);
            return report.IsIntact ? ExitCodes.Success : ExitCodes.Integrity;
        }));
        return command;
    }

    private static void WriteReport(CliRuntime runtime, bool json, ScrubReport report)
    {
        if (json)
        {
            var document = new Dictionary<string, object>
            {
                ["checked"] = report.Checked,
                ["intact"] = report.IsIntact,
                ["damaged"] = report.Damaged.Select(static d => new Dictionary<string, object>
                {
                    ["block"] = d.Hash.ToString(),
                    ["damage"] = d.Damage.ToString().ToLowerInvariant(),
                    ["versions"] = d.Versions.Select(static v => new Dictionary<string, object>
                    {
                        ["path"] = v.Path.ToString(),
                        ["id"] = v.Uuid.ToString("D"),
                        ["serial"] = v.Serial,
                        ["latest"] = v.IsLatest,
                    }).ToList(),
                }).ToList(),
            };
            runtime.Output.WriteLine(JsonSerializer.Serialize(document));
            return;
        }

        runtime.Output.WriteLine(Invariant($"{report.Checked} blocks checked: {(report.IsIntact ? "intact" : $"{report.Damaged.Count} damaged")}"));
        foreach (DamagedBlock block in report.Damaged)
        {
            runtime.Output.WriteLine(Invariant($"{block.Damage.ToString().ToLowerInvariant()} block {block.Hash}"));
            foreach (DamagedVersion version in block.Versions)
            {
                runtime.Output.WriteLine(Invariant($"  image {version.Uuid:D} {version.Path} serial {version.Serial}{(version.IsLatest ? string.Empty : " (history)")}"));
            }
        }
    }

    private static Option<int> BatchSizeOption(int defaultValue)
    {
        var option = new Option<int>("--batch-size")
        {
            Description = "Blocks per catalogue transaction (bounds memory).",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--batch-size must be positive.");
            }
        });
        return option;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reports on the caller's thread, so lines come out in order.</summary>
    private sealed class LineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
