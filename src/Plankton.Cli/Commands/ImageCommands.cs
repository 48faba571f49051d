using System.CommandLine;
using System.Text.Json;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary>The commands on one image by id: <c>show</c>, <c>update</c>, <c>delete</c>, <c>unregister</c>, <c>deactivate</c>, <c>reactivate</c>.</summary>
internal static class ImageCommands
{
    public static Command Show(CliRuntime runtime)
    {
        Argument<string> id = IdArgument();
        var command = new Command("show", "Print an image's attributes, whatever its status.") { id };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            Guid imageId = ImageAttributeOptions.ParseId(parse.GetValue(id)!);
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            ImageRecord image = await session.Images.GetAsync(session.User, imageId, cancellationToken: cancellationToken);
            ImageOutput.Write(runtime, parse.GetValue(CliOptions.Json), image);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Update(CliRuntime runtime)
    {
        Argument<string> id = IdArgument();
        var removeProperties = new Option<string[]>("--remove-property")
        {
            Description = "Remove a property by key (repeatable).",
            DefaultValueFactory = _ => [],
        };
        var removeTags = new Option<string[]>("--remove-tag")
        {
            Description = "Remove a tag (repeatable).",
            DefaultValueFactory = _ => [],
        };
        var command = new Command("update", "Change an image's attributes; what is not named stays as it is. Prints the image.")
        {
            id,
        };
        ImageAttributeOptions attributes = ImageAttributeOptions.AddTo(command, forUpdate: true);
        command.Options.Add(removeProperties);
        command.Options.Add(removeTags);
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            Guid imageId = ImageAttributeOptions.ParseId(parse.GetValue(id)!);
            var update = new ImageUpdate
            {
                Name = parse.GetValue(attributes.Name),
                DiskFormat = parse.GetValue(attributes.DiskFormat),
                ContainerFormat = parse.GetValue(attributes.ContainerFormat),
                Visibility = attributes.VisibilityOf(parse),
                Protected = attributes.ProtectedOf(parse),
                MinDisk = parse.GetValue(attributes.MinDisk),
                MinRam = parse.GetValue(attributes.MinRam),
            };

            // Merge mode: the given keys are set, and a key given an empty value is removed.
            Dictionary<string, string> properties = attributes.PropertiesOf(parse);
            foreach (string key in parse.GetValue(removeProperties) ?? [])
            {
                properties[key] = string.Empty;
            }

            if (properties.Count > 0)
            {
                update.Properties = properties;
                update.PropertiesMode = ImagePropertiesMode.Merge;
            }

            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            string[] addTags = parse.GetValue(attributes.Tags) ?? [];
            string[] dropTags = parse.GetValue(removeTags) ?? [];
            if (addTags.Length > 0 || dropTags.Length > 0)
            {
                ImageRecord current = await session.Images.GetAsync(session.User, imageId, cancellationToken: cancellationToken);
                update.Tags = [.. current.Tags.Concat(addTags).Distinct(StringComparer.Ordinal).Where(tag => !dropTags.Contains(tag, StringComparer.Ordinal))];
            }

            ImageRecord image = await session.Images.UpdateAsync(session.User, imageId, update, cancellationToken);
            ImageOutput.Write(runtime, parse.GetValue(CliOptions.Json), image);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Delete(CliRuntime runtime)
    {
        Argument<string> id = IdArgument();
        var command = new Command("delete", "Delete an image: its status becomes deleted (its record stays until purged); refused while it is protected.") { id };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            Guid imageId = ImageAttributeOptions.ParseId(parse.GetValue(id)!);
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            ImageRecord image = await session.Images.DeleteAsync(session.User, imageId, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                ImageOutput.Write(runtime, json: true, image);
            }
            else
            {
                runtime.Output.WriteLine($"deleted {image.Id:D} ({image.Name})");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Unregister(CliRuntime runtime)
    {
        Argument<string> id = IdArgument();
        var command = new Command("unregister", "Drop an image's attributes and keep its object (the id is then not found); refused while it is protected.") { id };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            Guid imageId = ImageAttributeOptions.ParseId(parse.GetValue(id)!);
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            await session.Images.UnregisterAsync(session.User, imageId, cancellationToken);
            runtime.Output.WriteLine(parse.GetValue(CliOptions.Json)
                ? JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = imageId.ToString("D"), ["unregistered"] = true })
                : $"unregistered {imageId:D}");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command SetStatus(CliRuntime runtime, string name, ImageStatus status, string description)
    {
        Argument<string> id = IdArgument();
        var command = new Command(name, description + " Prints the image.") { id };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            Guid imageId = ImageAttributeOptions.ParseId(parse.GetValue(id)!);
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            ImageRecord image = await session.Images.UpdateAsync(session.User, imageId, new ImageUpdate { Status = status }, cancellationToken);
            ImageOutput.Write(runtime, parse.GetValue(CliOptions.Json), image);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The image id (a UUID)." };
}
