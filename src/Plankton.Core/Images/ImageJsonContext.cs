using System.Text.Json.Serialization;

namespace Plankton.Core.Images;

/// <summary>Source-generated JSON for the metadata values that hold lists (trimming- and AOT-safe).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ImageJsonContext : JsonSerializerContext
{
}
