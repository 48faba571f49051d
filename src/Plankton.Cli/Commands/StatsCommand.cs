using System.CommandLine;
using System.Globalization;
using Plankton.Core.Images;
using Plankton.Core.Objects;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton stats</c>: how many images, how many bytes they hold, and how many the store keeps on disk.</summary>
internal static class StatsCommand
{
    private static readonly Option<bool> s_perImage = new("--per-image")
    {
        Description = "Also list each image with its size and its exclusive bytes: what deleting it (with its history) would free.",
    };

    public static Command Create(CliRuntime runtime)
    {
        var command = new Command(
            "stats",
            "Count the images you can see (not deleted) and their bytes, and the bytes the store keeps on disk for all blocks; the dedup ratio is the first over the second.");
        command.Options.Add(s_perImage);
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            List<ImageRecord> listed = await ListImagesAsync(session, cancellationToken);
            long images = listed.Count;
            long logical = listed.Sum(i => i.Size);
            (long Blocks, long Bytes)? onDisk = session.BlocksFolder is null ? null : CountBlocks(session.BlocksFolder);
            double? ratio = onDisk is not { Bytes: > 0 } disk ? null : logical / (double)disk.Bytes;
            List<(ImageRecord Image, long Exclusive)>? perImage = parse.GetValue(s_perImage)
                ? await ExclusiveBytesAsync(session, listed, cancellationToken)
                : null;
            if (parse.GetValue(CliOptions.Json))
            {
                runtime.Output.WriteLine(ImageOutput.Json(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("images", images);
                    writer.WriteNumber("logical_bytes", logical);
                    WriteNumberOrNull(writer, "blocks", onDisk?.Blocks);
                    WriteNumberOrNull(writer, "stored_bytes", onDisk?.Bytes);
                    if (ratio is double r)
                    {
                        writer.WriteNumber("dedup_ratio", Math.Round(r, 4));
                    }
                    else
                    {
                        writer.WriteNull("dedup_ratio");
                    }

                    if (perImage is not null)
                    {
                        writer.WriteStartArray("per_image");
                        foreach ((ImageRecord image, long exclusive) in perImage)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("id", image.Id);
                            writer.WriteString("name", image.Name);
                            writer.WriteNumber("size", image.Size);
                            writer.WriteNumber("exclusive_bytes", exclusive);
                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                }));
                return ExitCodes.Success;
            }

            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"images",-15}{images}"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"logical_bytes",-15}{logical} ({Sizes.Format(logical)})"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"blocks",-15}{(onDisk is { } b ? b.Blocks.ToString(CultureInfo.InvariantCulture) : "-")}"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"stored_bytes",-15}{(onDisk is { } d ? $"{d.Bytes} ({Sizes.Format(d.Bytes)})" : "-")}"));
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"dedup_ratio",-15}{(ratio is double x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-")}"));
            if (perImage is not null)
            {
                runtime.Output.WriteLine();
                TextTable.Write(
                    runtime.Output,
                    ["ID", "NAME", "SIZE", "EXCLUSIVE"],
                    perImage.Select(p => (IReadOnlyList<string>)[
                        p.Image.Id.ToString(),
                        p.Image.Name,
                        p.Image.Size.ToString(CultureInfo.InvariantCulture),
                        p.Exclusive.ToString(CultureInfo.InvariantCulture)]));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Pages through every image the user can list (own, accepted shares, public; deleted ones left out).</summary>
    private static async Task<List<ImageRecord>> ListImagesAsync(StoreSession session, CancellationToken cancellationToken)
    {
        var images = new List<ImageRecord>();
        var query = new ImageListQuery { Limit = ImageConstants.MaxListLimit, Sort = "id:asc" };
        do
        {
            ImageListPage page = await session.Images.ListAsync(session.User, query, cancellationToken);
            images.AddRange(page.Images);
            query.Marker = page.NextMarker;
        }
        while (query.Marker is not null);
        return images;
    }

    /// <summary>The bytes that deleting each image's object (with its history) would free, from the catalogue's reference counts.</summary>
    private static async Task<List<(ImageRecord Image, long Exclusive)>> ExclusiveBytesAsync(
        StoreSession session,
        List<ImageRecord> images,
        CancellationToken cancellationToken)
    {
        var result = new List<(ImageRecord, long)>(images.Count);
        foreach (ImageRecord image in images)
        {
            long exclusive = await session.Maintenance.GetExclusiveBytesAsync(session.User, ObjectPath.ParseLocation(image.Location), cancellationToken);
            result.Add((image, exclusive));
        }

        return result;
    }

    private static void WriteNumberOrNull(System.Text.Json.Utf8JsonWriter writer, string name, long? value)
    {
        if (value is long number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>The block files (named by their 64-hex-digit hash) under the block store's folder, and their bytes on disk.</summary>
    private static (long Blocks, long Bytes) CountBlocks(string folder)
    {
        if (!Directory.Exists(folder))
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
