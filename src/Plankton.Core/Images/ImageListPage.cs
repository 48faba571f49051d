namespace Plankton.Core.Images;

/// <summary>One page of an image listing.</summary>
public sealed class ImageListPage
{
    /// <summary>Initializes a new instance of the <see cref="ImageListPage"/> class.</summary>
    /// <param name="images">The images, in the listing's order.</param>
    /// <param name="nextMarker">The marker of the next page, or <see langword="null"/> when this is the last one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is <see langword="null"/>.</exception>
    public ImageListPage(IReadOnlyList<ImageRecord> images, Guid? nextMarker)
    {
        ArgumentNullException.ThrowIfNull(images);
        Images = images;
        NextMarker = nextMarker;
    }

    /// <summary>Gets the images of the page, in the listing's order.</summary>
    public IReadOnlyList<ImageRecord> Images { get; }

    /// <summary>Gets the marker to pass as <see cref="ImageListQuery.Marker"/> for the next page (the id of this page's last image), or <see langword="null"/> when there is no next page.</summary>
    public Guid? NextMarker { get; }
}
