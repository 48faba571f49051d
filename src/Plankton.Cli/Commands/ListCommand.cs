using System.CommandLine;
using System.Globalization;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary>
/// <c>plankton list [--mine|--shared|--public] [--filter KEY=VALUE]... [--sort KEY:asc|desc]... [--limit N]
/// [--marker ID] [--include-deleted]</c>: one page of the images the user may see, as a table or JSON.
/// </summary>
internal static class ListCommand
{
    private const string AllStatuses = "in:queued,saving,active,killed,deactivated,deleted";

    public static Command Create(CliRuntime runtime)
    {
        var mine = new Option<bool>("--mine") { Description = "Only images the user owns." };
        var shared = new Option<bool>("--shared") { Description = "Only images other users share with the user." };
        var publicOnly = new Option<bool>("--public") { Description = "Only public images." };
        var filters = new Option<string[]>("--filter")
        {
            Description = "KEY=VALUE, repeatable: name, status, disk_format, container_format, size_min, size_max, owner, visibility, tag, created_at, updated_at, member_status, or property.KEY. Values may be in:a,b lists; times take gt:/gte:/lt:/lte:/eq:/neq: prefixes.",
            DefaultValueFactory = _ => [],
        };
        var sort = new Option<string[]>("--sort")
        {
            Description = "KEY[:asc|desc], repeatable, in priority order; keys id, name, status, size, disk_format, container_format, created_at, updated_at (default created_at:desc, id breaks ties).",
            DefaultValueFactory = _ => [],
        };
        var limit = new Option<int?>("--limit") { Description = $"Page size, 1 to {ImageConstants.MaxListLimit} (default {ImageConstants.DefaultListLimit})." };
        var marker = new Option<string?>("--marker") { Description = "The id of the last image of the previous page." };
        var includeDeleted = new Option<bool>("--include-deleted") { Description = "Also list deleted images (when no status filter is given)." };
        var command = new Command("list", "List one page of the images the user may see: own, shared with them (accepted), public.")
        {
            mine, shared, publicOnly, filters, sort, limit, marker, includeDeleted,
        };
        command.Validators.Add(result =>
        {
            int scopes = (result.GetValue(mine) ? 1 : 0) + (result.GetValue(shared) ? 1 : 0) + (result.GetValue(publicOnly) ? 1 : 0);
            if (scopes > 1)
            {
                result.AddError("--mine, --shared and --public exclude each other.");
            }
        });
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            ImageListQuery query = BuildQuery(parse.GetValue(filters)!, parse.GetValue(sort)!, parse.GetValue(limit), parse.GetValue(marker), parse.GetValue(includeDeleted));
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            if (parse.GetValue(mine))
            {
                query.Owner = session.User;
            }

            ImageListPage page = parse.GetValue(shared)
                ? await session.Images.ListSharedAsync(session.User, ImageShareDirection.SharedWithMe, query, cancellationToken)
                : parse.GetValue(publicOnly)
                    ? await session.Images.ListPublicAsync(session.User, query, cancellationToken)
                    : await session.Images.ListAsync(session.User, query, cancellationToken);
            Write(runtime, parse.GetValue(CliOptions.Json), page);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Turns the command line's filters into a query; a malformed filter is invalid input naming it.</summary>
    internal static ImageListQuery BuildQuery(string[] filters, string[] sort, int? limit, string? marker, bool includeDeleted)
    {
        var query = new ImageListQuery { Limit = limit, Sort = sort.Length == 0 ? null : string.Join(',', sort) };
        if (marker is not null)
        {
            query.Marker = ImageAttributeOptions.ParseId(marker);
        }

        var tags = new List<string>();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string filter in filters)
        {
            int equals = filter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--filter '{filter}' is not KEY=VALUE.", nameof(filters));
            }

            string key = filter[..equals];
            string value = filter[(equals + 1)..];
            switch (key)
            {
                case "name": query.Name = value; break;
                case "status": query.Status = value; break;
                case "disk_format": query.DiskFormat = value; break;
                case "container_format": query.ContainerFormat = value; break;
                case "size_min": query.SizeMin = ParseSize(key, value); break;
                case "size_max": query.SizeMax = ParseSize(key, value); break;
                case "owner": query.Owner = value; break;
                case "visibility": query.Visibility = ImageAttributeOptions.ParseVisibility(value); break;
                case "tag": tags.Add(value); break;
                case "created_at": query.CreatedAt = value; break;
                case "updated_at": query.UpdatedAt = value; break;
                case "member_status": query.MemberStatus = value; break;
                default:
                    if (!key.StartsWith("property.", StringComparison.Ordinal) || key.Length == "property.".Length)
                    {
                        throw new ArgumentException($"--filter key '{key}' is not one of name, status, disk_format, container_format, size_min, size_max, owner, visibility, tag, created_at, updated_at, member_status, property.KEY.", nameof(filters));
                    }

                    properties[key["property.".Length..]] = value;
                    break;
            }
        }

        query.Tags = tags.Count == 0 ? null : tags;
        query.Properties = properties.Count == 0 ? null : properties;
        if (includeDeleted && query.Status is null)
        {
            query.Status = AllStatuses;
        }

        return query;
    }

    private static long ParseSize(string key, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long size)
            ? size
            : throw new ArgumentException($"--filter {key} must be a whole number of bytes; '{value}' is not.", key);

    private static void Write(CliRuntime runtime, bool json, ImageListPage page)
    {
        if (json)
        {
            runtime.Output.WriteLine("{");
            runtime.Output.WriteLine("  \"images\": [");
            for (int i = 0; i < page.Images.Count; i++)
            {
                string image = ImageOutput.ToJson(page.Images[i]).Replace("\n", "\n    ", StringComparison.Ordinal);
                runtime.Output.WriteLine("    " + image + (i + 1 < page.Images.Count ? "," : string.Empty));
            }

            runtime.Output.WriteLine("  ],");
            runtime.Output.WriteLine(page.NextMarker is Guid next ? $"  \"next_marker\": \"{next:D}\"" : "  \"next_marker\": null");
            runtime.Output.WriteLine("}");
            return;
        }

        TextTable.Write(
            runtime.Output,
            ["id", "name", "status", "size", "disk_format", "visibility", "owner", "created_at"],
            page.Images.Select(image => (IReadOnlyList<string>)
            [
                image.Id.ToString("D"),
                image.Name,
                ImageOutput.Status(image.Status),
                Sizes.Format(image.Size),
                image.DiskFormat,
                ImageOutput.Visibility(image.Visibility),
                image.Owner,
                image.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ]));
        if (page.NextMarker is Guid marker)
        {
            runtime.Output.WriteLine($"more: --marker {marker:D}");
        }
    }
}
