using System.CommandLine;
using System.CommandLine.Parsing;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary>The image attribute options shared by <c>put</c>, <c>register</c> and <c>update</c>, and their parsing.</summary>
internal sealed class ImageAttributeOptions
{
    private ImageAttributeOptions(bool forUpdate)
    {
        Name = new Option<string?>("--name") { Description = "The image name.", Required = !forUpdate };
        DiskFormat = new Option<string?>("--disk-format") { Description = "The disk format (diskdump, extdump, ntfsdump; default diskdump)." };
        ContainerFormat = new Option<string?>("--container-format") { Description = "The container format (aki, ari, ami, bare, ovf; default bare)." };
        Visibility = new Option<ImageVisibility?>("--visibility")
        {
            Description = "Who may see the image: private (default), shared, public or community.",
            CustomParser = ParseVisibility,
            HelpName = "private|shared|public|community",
        };
        Public = new Option<bool>("--public") { Description = "Same as --visibility public." };
        Properties = new Option<string[]>("--property")
        {
            HelpName = "KEY=VALUE",
            Description = forUpdate ? "Set a property, KEY=VALUE (repeatable)." : "A property, KEY=VALUE (repeatable).",
            DefaultValueFactory = _ => [],
        };
        Properties.Validators.Add(result =>
        {
            foreach (string text in result.GetValueOrDefault<string[]>() ?? [])
            {
                int equals = text.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    result.AddError($"--property must be KEY=VALUE; '{text}' is not.");
                }
            }
        });
        Tags = new Option<string[]>("--tag")
        {
            Description = forUpdate ? "Add a tag (repeatable)." : "A tag (repeatable).",
            DefaultValueFactory = _ => [],
        };
        MinDisk = new Option<long?>("--min-disk") { Description = "The smallest disk the image needs, in GiB." };
        MinRam = new Option<long?>("--min-ram") { Description = "The smallest memory the image needs, in MiB." };
        Protected = new Option<bool?>("--protected")
        {
            Description = forUpdate ? "Protect the image from deletion (--protected false removes the protection)." : "Protect the image from deletion.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "true|false",
        };
    }

    public Option<string?> Name { get; }

    public Option<string?> DiskFormat { get; }

    public Option<string?> ContainerFormat { get; }

    public Option<ImageVisibility?> Visibility { get; }

    public Option<bool> Public { get; }

    public Option<string[]> Properties { get; }

    public Option<string[]> Tags { get; }

    public Option<long?> MinDisk { get; }

    public Option<long?> MinRam { get; }

    public Option<bool?> Protected { get; }

    /// <summary>Adds the options to <paramref name="command"/>, with the check that --public and --visibility agree.</summary>
    public static ImageAttributeOptions AddTo(Command command, bool forUpdate)
    {
        var options = new ImageAttributeOptions(forUpdate);
        command.Options.Add(options.Name);
        command.Options.Add(options.DiskFormat);
        command.Options.Add(options.ContainerFormat);
        command.Options.Add(options.Visibility);
        command.Options.Add(options.Public);
        command.Options.Add(options.Properties);
        command.Options.Add(options.Tags);
        command.Options.Add(options.MinDisk);
        command.Options.Add(options.MinRam);
        command.Options.Add(options.Protected);
        command.Validators.Add(result =>
        {
            if (result.GetValue(options.Public) && result.GetValue(options.Visibility) is ImageVisibility visibility && visibility != ImageVisibility.Public)
            {
                result.AddError($"--public and --visibility {ImageOutput.Visibility(visibility)} disagree; give one of them.");
            }
        });
        return options;
    }

    public ImageCreateRequest ToCreateRequest(ParseResult parse) => new()
    {
        Name = parse.GetValue(Name) ?? string.Empty,
        DiskFormat = parse.GetValue(DiskFormat),
        ContainerFormat = parse.GetValue(ContainerFormat),
        Visibility = VisibilityOf(parse) ?? ImageVisibility.Private,
        Protected = ProtectedOf(parse) ?? false,
        MinDisk = parse.GetValue(MinDisk) ?? 0,
        MinRam = parse.GetValue(MinRam) ?? 0,
        Tags = parse.GetValue(Tags) is { Length: > 0 } tags ? tags : null,
        Properties = PropertiesOf(parse) is { Count: > 0 } properties ? properties : null,
    };

    /// <summary><c>--protected</c> alone means true; <c>--protected false</c> false; absent, <see langword="null"/>.</summary>
    public bool? ProtectedOf(ParseResult parse) =>
        parse.GetResult(Protected) is null ? null : parse.GetValue(Protected) ?? true;

    public ImageVisibility? VisibilityOf(ParseResult parse) =>
        parse.GetValue(Public) ? ImageVisibility.Public : parse.GetValue(Visibility);

    public Dictionary<string, string> PropertiesOf(ParseResult parse)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string text in parse.GetValue(Properties) ?? [])
        {
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            properties[text[..equals]] = text[(equals + 1)..];
        }

        return properties;
    }

    /// <summary>Parses an image id argument.</summary>
    /// <exception cref="FormatException">The text is not a UUID.</exception>
    public static Guid ParseId(string text) =>
        Guid.TryParse(text, out Guid id) ? id : throw new FormatException($"Invalid image id '{text}': expected a UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");

    /// <summary>Parses a visibility name (private, shared, public, community; any case).</summary>
    /// <exception cref="ArgumentException">The text names no visibility.</exception>
    public static ImageVisibility ParseVisibility(string text) =>
        TryParseVisibility(text) ?? throw new ArgumentException($"visibility must be private, shared, public or community; '{text}' is not.", nameof(text));

    private static ImageVisibility? TryParseVisibility(string text)
    {
        foreach (ImageVisibility visibility in Enum.GetValues<ImageVisibility>())
        {
            if (string.Equals(text, ImageOutput.Visibility(visibility), StringComparison.OrdinalIgnoreCase))
            {
                return visibility;
            }
        }

        return null;
    }

    private static ImageVisibility? ParseVisibility(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        ImageVisibility? visibility = TryParseVisibility(text);
        if (visibility is null)
        {
            result.AddError($"--visibility must be private, shared, public or community; '{text}' is not.");
        }

        return visibility;
    }
}
