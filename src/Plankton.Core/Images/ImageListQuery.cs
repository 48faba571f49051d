namespace Plankton.Core.Images;

/// <summary>
/// Filters, sort order and page of an image listing, in the Glance v2 spelling. Every filter given must hold (AND);
/// <see langword="null"/> members do not filter. Values are checked by the backend (the same rules for every
/// implementation); a bad one throws <see cref="Exceptions.ImageValidationException"/> naming the parameter.
/// </summary>
/// <remarks>
/// <para>String filters marked "list" take one value or <c>in:v1,v2,…</c> (a value holding a comma is written in
/// double quotes).</para>
/// <para>Deleted images are listed only when <see cref="Status"/> names <c>deleted</c>.</para>
/// </remarks>
public sealed class ImageListQuery
{
    /// <summary>Gets or sets the names to match exactly (list).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the statuses to match (list of <c>queued</c>, <c>saving</c>, <c>active</c>, <c>killed</c>, <c>deleted</c>, <c>deactivated</c>).</summary>
    /// <value>The default value is <see langword="null"/>: every status but deleted.</value>
    public string? Status { get; set; }

    /// <summary>Gets or sets the disk formats to match (list).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? DiskFormat { get; set; }

    /// <summary>Gets or sets the container formats to match (list).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ContainerFormat { get; set; }

    /// <summary>Gets or sets the smallest size, in bytes (inclusive).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? SizeMin { get; set; }

    /// <summary>Gets or sets the largest size, in bytes (inclusive).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? SizeMax { get; set; }

    /// <summary>Gets or sets the owner to match.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Owner { get; set; }

    /// <summary>Gets or sets the visibility to match; <see cref="ImageVisibility.Community"/> also lists other users' community images, which are not listed otherwise.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ImageVisibility? Visibility { get; set; }

    /// <summary>Gets or sets tags that every listed image has.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyList<string>? Tags { get; set; }

    /// <summary>Gets or sets properties that every listed image has with exactly these values.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyDictionary<string, string>? Properties { get; set; }

    /// <summary>Gets or sets a creation-time comparison: <c>op:time</c> with op one of <c>gt</c>, <c>gte</c>, <c>eq</c>, <c>neq</c>, <c>lt</c>, <c>lte</c> (no op means <c>eq</c>), time ISO 8601 (UTC when no offset).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CreatedAt { get; set; }

    /// <summary>Gets or sets an update-time comparison, as <see cref="CreatedAt"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? UpdatedAt { get; set; }

    /// <summary>Gets or sets which member statuses list shared images to their members: <c>accepted</c>, <c>pending</c>, <c>rejected</c> or <c>all</c>.</summary>
    /// <value>The default value is <see langword="null"/>: <c>accepted</c> for <see cref="IImageBackend.ListAsync"/>, <c>all</c> for <see cref="IImageBackend.ListSharedAsync"/>.</value>
    public string? MemberStatus { get; set; }

    /// <summary>Gets or sets the sort order: <c>key[:asc|desc],…</c> with keys <c>id</c>, <c>name</c>, <c>status</c>, <c>size</c>, <c>disk_format</c>, <c>container_format</c>, <c>created_at</c>, <c>updated_at</c> (direction default <c>desc</c>); <c>id</c> is added as the last key (with the last key's direction) unless given.</summary>
    /// <value>The default value is <see langword="null"/>: <c>created_at:desc</c>.</value>
    public string? Sort { get; set; }

    /// <summary>Gets or sets the id of the last image of the previous page (its <see cref="ImageListPage.NextMarker"/>); it must be an image the user may see.</summary>
    /// <value>The default value is <see langword="null"/>: the first page.</value>
    public Guid? Marker { get; set; }

    /// <summary>Gets or sets the page size, from 1 to <see cref="ImageConstants.MaxListLimit"/>.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="ImageConstants.DefaultListLimit"/>.</value>
    public int? Limit { get; set; }
}
