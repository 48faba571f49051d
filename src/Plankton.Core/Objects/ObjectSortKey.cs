using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects;

/// <summary>One key of a sorted object listing (<see cref="ListObjectsOptions.Sort"/>): a field and a direction.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ObjectSortKey
{
    /// <summary>Initializes a new instance of the <see cref="ObjectSortKey"/> class that sorts by a system field.</summary>
    /// <param name="field">The field: <see cref="ObjectSortField.Name"/>, <see cref="ObjectSortField.Size"/> or <see cref="ObjectSortField.Uuid"/>.</param>
    /// <param name="descending">Whether the order is descending.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="field"/> is not defined, or is <see cref="ObjectSortField.Attribute"/> (which needs a key).</exception>
    public ObjectSortKey(ObjectSortField field, bool descending)
    {
        if (!Enum.IsDefined(field) || field == ObjectSortField.Attribute)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "The sort field must be Name, Size or Uuid; an attribute sort names its key.");
        }

        Field = field;
        Descending = descending;
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectSortKey"/> class that sorts by a metadata key of the listing's domain.</summary>
    /// <param name="attributeKey">The metadata key.</param>
    /// <param name="descending">Whether the order is descending.</param>
    /// <exception cref="InvalidObjectNameException"><paramref name="attributeKey"/> is not a valid metadata key.</exception>
    public ObjectSortKey(string attributeKey, bool descending)
    {
        ObjectNames.ValidateMetadata(new Dictionary<string, string>(StringComparer.Ordinal) { [attributeKey ?? string.Empty] = "v" });
        Field = ObjectSortField.Attribute;
        AttributeKey = attributeKey;
        Descending = descending;
    }

    /// <summary>Gets the field sorted by.</summary>
    public ObjectSortField Field { get; }

    /// <summary>Gets the metadata key for <see cref="ObjectSortField.Attribute"/>, else <see langword="null"/>.</summary>
    public string? AttributeKey { get; }

    /// <summary>Gets a value indicating whether the order is descending.</summary>
    public bool Descending { get; }

    /// <summary>Returns the key as <c>field:asc</c> or <c>field:desc</c> (an attribute as its key).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{AttributeKey ?? Field.ToString()}:{(Descending ? "desc" : "asc")}";
}
