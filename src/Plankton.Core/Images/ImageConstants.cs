namespace Plankton.Core.Images;

/// <summary>Names and defaults of the image backends.</summary>
public static class ImageConstants
{
    /// <summary>The only store images live in.</summary>
    public const string Store = "pithos";

    /// <summary>The scheme of image locations (<c>pithos://account/container/path</c>).</summary>
    public const string LocationScheme = Objects.ObjectPath.LocationScheme;

    /// <summary>The object-store metadata domain holding the image attributes.</summary>
    public const string MetadataDomain = "plankton";

    /// <summary>
    /// The user id that stands for an anonymous caller: it may get, read the data of and list public images, and
    /// nothing else (other images are not found, other operations not allowed). Starting with <c>:</c>, it cannot be
    /// named in an object permission entry, so the object store grants it only what it grants everyone (<c>*</c>); and
    /// no image is ever its own, even in an account of that name.
    /// </summary>
    public const string AnonymousUser = ":anonymous";

    /// <summary>The container that <see cref="IImageBackend.PutAsync"/> uploads into by default.</summary>
    public const string DefaultContainer = "images";

    /// <summary>The disk format of images made without one.</summary>
    public const string DefaultDiskFormat = "diskdump";

    /// <summary>The container format of images made without one.</summary>
    public const string DefaultContainerFormat = "bare";

    /// <summary>The longest image name by default.</summary>
    public const int DefaultMaxNameLength = 255;

    /// <summary>The most properties an image may have by default.</summary>
    public const int DefaultMaxProperties = 64;

    /// <summary>The most members an image may have by default (Glance's <c>image_member_quota</c> default).</summary>
    public const int DefaultMaxMembers = 128;

    /// <summary>The longest property key by default.</summary>
    public const int DefaultMaxPropertyKeyLength = 100;

    /// <summary>The longest property key allowed at all: the object-store key limit less the <c>property:</c> prefix.</summary>
    public const int MaxPropertyKeyLengthLimit = 119;

    /// <summary>The longest property value by default.</summary>
    public const int DefaultMaxPropertyValueLength = 4096;

    /// <summary>The most tags an image may have by default.</summary>
    public const int DefaultMaxTags = 32;

    /// <summary>The longest tag by default.</summary>
    public const int DefaultMaxTagLength = 128;

    /// <summary>The page size of a listing by default (as Glance).</summary>
    public const int DefaultListLimit = 25;

    /// <summary>The largest page size of a listing (as Glance).</summary>
    public const int MaxListLimit = 1000;
}
