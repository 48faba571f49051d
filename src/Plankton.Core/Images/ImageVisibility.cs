namespace Plankton.Core.Images;

/// <summary>Who may see an image (the Glance v2 visibilities).</summary>
public enum ImageVisibility
{
    /// <summary>Only the owner (the default).</summary>
    Private = 0,

    /// <summary>The owner and the image's members.</summary>
    Shared = 1,

    /// <summary>Everyone, listed to everyone (the Plankton <c>is_public</c> flag).</summary>
    Public = 2,

    /// <summary>Everyone who knows the id; listed only to the owner and accepted members.</summary>
    Community = 3,
}
