namespace Plankton.Core.Objects;

/// <summary>What an <see cref="ObjectSortKey"/> sorts a listing by.</summary>
public enum ObjectSortField
{
    /// <summary>A metadata key of the listing's domain, its values compared as text, ordinally; an object without the key sorts as if its value were empty (before every value).</summary>
    Attribute = 0,

    /// <summary>The object's name.</summary>
    Name = 1,

    /// <summary>The size of the object's latest version, in bytes.</summary>
    Size = 2,

    /// <summary>The object's uuid, in the order of its lower-case <c>D</c> text (the order of <see cref="Guid.CompareTo(Guid)"/>).</summary>
    Uuid = 3,
}
