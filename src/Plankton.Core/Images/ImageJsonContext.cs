using System.Text.Json.Serialization;

namespace Plankton.Core.Images;

/// <summary>Source-generated JSON for the metadata values that hold lists (trimming- and AOT-safe).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class ImageJsonContext : JsonSerializerContext
{
}
