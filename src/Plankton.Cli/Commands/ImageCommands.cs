using System.CommandLine;
using System.Text.Json;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary>
/// The commands on one image by id: <c>show</c>, <c>update</c>, <c>delete</c>, <c>unregister</c>, <c>deactivate</c>,
/// <c>reactivate</c>, <c>clone</c>.
/// </summary>
internal static class ImageCommands
{
    public static Command Show(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var version = new Option<long?>("--at-version") { Description = "Show the image as it was at this version (a number the versions command prints)." };
        var command = new Command("show", "Print an image's attributes, whatever its status (or as it was at a version).") { id, version };
        return ImageCall.Bind(runtime, command, id, async call =>
            call.Print(runtime, await call.Images.GetAsync(call.User, call.Id, call.Get(version), call.CancellationToken)));
    }

    public static Command Update(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
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
        return ImageCall.Bind(runtime, command, id, async call =>
        {
            ParseResult parse = call.Parse;
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

            string[] addTags = parse.GetValue(attributes.Tags) ?? [];
            string[] dropTags = parse.GetValue(removeTags) ?? [];
            if (addTags.Length > 0 || dropTags.Length > 0)
            {
                ImageRecord current = await call.Images.GetAsync(call.User, call.Id, cancellationToken: call.CancellationToken);
                update.Tags = [.. current.Tags.Concat(addTags).Distinct(StringComparer.Ordinal).Where(tag => !dropTags.Contains(tag, StringComparer.Ordinal))];
            }

            return call.Print(runtime, await call.Images.UpdateAsync(call.User, call.Id, update, call.CancellationToken));
        });
    }

    public static Command Delete(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var command = new Command("delete", "Delete an image: its status becomes deleted (its record stays until purged); refused while it is protected.") { id };
        return ImageCall.Bind(runtime, command, id, async call =>
        {
            ImageRecord image = await call.Images.DeleteAsync(call.User, call.Id, call.CancellationToken);
            if (call.Json)
            {
                return call.Print(runtime, image);
            }

            runtime.Output.WriteLine($"deleted {image.Id:D} ({image.Name})");
            return ExitCodes.Success;
        });
    }

    public static Command Unregister(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var command = new Command("unregister", "Drop an image's attributes and keep its object (the id is then not found); refused while it is protected.") { id };
        return ImageCall.Bind(runtime, command, id, async call =>
        {
            await call.Images.UnregisterAsync(call.User, call.Id, call.CancellationToken);
            runtime.Output.WriteLine(call.Json
                ? JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = call.Id.ToString("D"), ["unregistered"] = true })
                : $"unregistered {call.Id:D}");
            return ExitCodes.Success;
        });
    }

    public static Command Deactivate(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var command = new Command("deactivate", "Switch an image off: only its owner may then read its data. Prints the image.") { id };
        return ImageCall.Bind(runtime, command, id, async call =>
            call.Print(runtime, await call.Images.DeactivateAsync(call.User, call.Id, call.CancellationToken)));
    }

    public static Command Reactivate(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var command = new Command("reactivate", "Switch a deactivated image back on. Prints the image.") { id };
        return ImageCall.Bind(runtime, command, id, async call =>
            call.Print(runtime, await call.Images.ReactivateAsync(call.User, call.Id, call.CancellationToken)));
    }

    public static Command Clone(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var name = new Option<string>("--name") { Description = "The clone's name.", Required = true };
        var fileName = new Option<string?>("--file-name") { Description = "The clone's object name in your images container (default: the name)." };
        var command = new Command("clone", "Make a new image of yours from an image you may read, sharing its data (nothing is copied). Prints the clone.")
        {
            id,
            name,
            fileName,
        };
        return ImageCall.Bind(runtime, command, id, async call =>
            call.Print(runtime, await call.Images.CloneAsync(
                call.User,
                call.Id,
                new ImageCloneRequest { Name = call.Get(name)!, FileName = call.Get(fileName) },
                call.CancellationToken)));
    }
}
