using System.Text;
using System.Text.Json;
using Plankton.Core.Images;

namespace Plankton.Core.Tests.Images;

/// <summary>What an owner can see of an image backend, as text: equal snapshots mean no visible change.</summary>
internal static class ImageSnapshot
{
    /// <summary>Every image the owner can see in any status, with its versions, serialised.</summary>
    public static async Task<string> DescribeAsync(IImageBackend backend, string owner)
    {
        var text = new StringBuilder();
        ImageListPage page = await backend.ListAsync(owner, new ImageListQuery { Status = "in:queued,saving,active,killed,deleted,deactivated", Limit = ImageConstants.MaxListLimit });
        foreach (ImageRecord image in page.Images.OrderBy(i => i.Id))
        {
            text.Append(JsonSerializer.Serialize(image)).Append('\n');
            text.Append(JsonSerializer.Serialize(await backend.ListVersionsAsync(owner, image.Id))).Append('\n');
            text.Append(JsonSerializer.Serialize(await backend.ListMembersAsync(owner, image.Id))).Append('\n');
        }

        return text.ToString();
    }
}
