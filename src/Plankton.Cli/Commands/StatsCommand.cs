using System.CommandLine;
using System.Globalization;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton stats</c>: how many images, how many bytes they hold, and how many the store keeps on disk.</summary>
internal static class StatsCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command(
            "stats",
            "Count the images you can see (not deleted) and their bytes, and the bytes the store keeps on disk for all blocks; the dedup ratio is the first over the second.");
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            (long images, long logical) = await CountImagesAsync(session, cancellationToken);
            (long blocks, long stored) = CountBlocks(session.BlocksFolder);
            double? ratio = stored == 0 ? null : logical / (double)stored;
            if (parse.GetValue(CliOptions.Json))
            {
                runtime.Output.WriteLine(ImageOutput.Json(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("images", images);
                    writer.WriteNumber("logical_bytes", logical);
                    writer.WriteNumber("blocks", blocks);
                    writer.WriteNumber("stored_bytes", stored);
                    if (ratio is double r)
                    {
                        writer.WriteNumber("dedup_ratio", Math.Round(r, 4));
                    }
                    else
                    {
                        writer.WriteNull("dedup_ratio");
                    }

                    writer.WriteEndObject();
                }));
                return ExitCodes.Success;
            }

            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"images",-15}{images}"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"logical_bytes",-15}{logical} ({Sizes.Format(logical)})"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"blocks",-15}{blocks}"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"stored_bytes",-15}{stored} ({Sizes.Format(stored)})"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"dedup_ratio",-15}{(ratio is double x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-")}"));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Pages through every image the user can list (own, accepted shares, public; deleted ones left out).</summary>
    private static async Task<(long Images, long Bytes)> CountImagesAsync(StoreSession session, CancellationToken cancellationToken)
    {
        long images = 0;
        long bytes = 0;
        var query = new ImageListQuery { Limit = ImageConstants.MaxListLimit, Sort = "id:asc" };
        do
        {
            ImageListPage page = await session.Images.ListAsync(session.User, query, cancellationToken);
            images += page.Images.Count;
            bytes += page.Images.Sum(i => i.Size);
            query.Marker = page.NextMarker;
        }
        while (query.Marker is not null);
        return (images, bytes);
    }

    /// <summary>The block files (named by their 64-hex-digit hash) under the block store's folder, and their bytes on disk.</summary>
    private static (long Blocks, long Bytes) CountBlocks(string? folder)
    {
        if (folder is null || !Directory.Exists(folder))
        {
            return (0, 0);
        }

        long blocks = 0;
        long bytes = 0;
        foreach (FileInfo file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Name.Length == 64 && file.Name.All(char.IsAsciiHexDigitLower))
            {
                blocks++;
                bytes += file.Length;
            }
        }

        return (blocks, bytes);
    }
}
