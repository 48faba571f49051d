using System.Globalization;
using System.Text;
using System.Text.Json;
using Plankton.Core.Images;

namespace Plankton.Cli;

/// <summary>Prints an image: one JSON object (documented snake_case fields) or aligned key/value lines.</summary>
internal static class ImageOutput
{
    private static readonly JsonWriterOptions s_jsonOptions = new() { Indented = true };

    public static void Write(CliRuntime runtime, bool json, ImageRecord image)
    {
        if (json)
        {
            runtime.Output.WriteLine(ToJson(image));
            return;
        }

        foreach ((string key, string value) in Lines(image))
        {
            runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-17}{value}"));
        }
    }

    public static string ToJson(ImageRecord image) => Json(writer => WriteImage(writer, image));

    /// <summary>Writes one JSON document (indented, UTF-8) with <paramref name="write"/> and returns it as text.</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Prints <c>{"NAME": [item, …]}</c>, each item an object written by <paramref name="writeItem"/>.</summary>
    public static void WriteJsonList<T>(CliRuntime runtime, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem) =>
        runtime.Output.WriteLine(Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray(name);
            foreach (T item in items)
            {
                writer.WriteStartObject();
                writeItem(writer, item);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));

    /// <summary>Writes an image as one JSON object with the documented fields, in order.</summary>
    public static void WriteImage(Utf8JsonWriter writer, ImageRecord image)
    {
        writer.WriteStartObject();
        writer.WriteString("id", image.Id.ToString("D"));
        writer.WriteString("name", image.Name);
        writer.WriteString("checksum", image.Checksum);
        writer.WriteNumber("size", image.Size);
        writer.WriteString("status", Status(image.Status));
        writer.WriteString("disk_format", image.DiskFormat);
        writer.WriteString("container_format", image.ContainerFormat);
        writer.WriteString("visibility", Visibility(image.Visibility));
        writer.WriteString("owner", image.Owner);
        writer.WriteString("location", image.Location);
        writer.WriteString("store", image.Store);
        writer.WriteStartObject("properties");
        foreach (KeyValuePair<string, string> property in image.Properties)
        {
            writer.WriteString(property.Key, property.Value);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("tags");
        foreach (string tag in image.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteNumber("min_disk", image.MinDisk);
        writer.WriteNumber("min_ram", image.MinRam);
        writer.WriteBoolean("protected", image.Protected);
        writer.WriteString("created_at", Time(image.CreatedAt));
        writer.WriteString("updated_at", Time(image.UpdatedAt));
        if (image.DeletedAt is DateTimeOffset deleted)
        {
            writer.WriteString("deleted_at", Time(deleted));
        }
        else
        {
            writer.WriteNull("deleted_at");
        }

        writer.WriteEndObject();
    }

    public static string Status(ImageStatus status) => status switch
    {
        ImageStatus.Queued => "queued",
        ImageStatus.Saving => "saving",
        ImageStatus.Active => "active",
        ImageStatus.Killed => "killed",
        ImageStatus.Deleted => "deleted",
        ImageStatus.Deactivated => "deactivated",
        _ => status.ToString(),
    };

    public static string Visibility(ImageVisibility visibility) => visibility switch
    {
        ImageVisibility.Private => "private",
        ImageVisibility.Shared => "shared",
        ImageVisibility.Public => "public",
        ImageVisibility.Community => "community",
        _ => visibility.ToString(),
    };

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static IEnumerable<(string Key, string Value)> Lines(ImageRecord image)
    {
        yield return ("id", image.Id.ToString("D"));
        yield return ("name", image.Name);
        yield return ("checksum", image.Checksum);
        yield return ("size", string.Create(CultureInfo.InvariantCulture, $"{image.Size} ({Sizes.Format(image.Size)})"));
        yield return ("status", Status(image.Status));
        yield return ("disk_format", image.DiskFormat);
        yield return ("container_format", image.ContainerFormat);
        yield return ("visibility", Visibility(image.Visibility));
        yield return ("owner", image.Owner);
        yield return ("location", image.Location);
        yield return ("store", image.Store);
        yield return ("properties", string.Join(", ", image.Properties.Select(p => $"{p.Key}={p.Value}")));
        yield return ("tags", string.Join(", ", image.Tags));
        yield return ("min_disk", image.MinDisk.ToString(CultureInfo.InvariantCulture));
        yield return ("min_ram", image.MinRam.ToString(CultureInfo.InvariantCulture));
        yield return ("protected", image.Protected ? "true" : "false");
        yield return ("created_at", Time(image.CreatedAt));
        yield return ("updated_at", Time(image.UpdatedAt));
        yield return ("deleted_at", image.DeletedAt is DateTimeOffset deleted ? Time(deleted) : "-");
    }
}
