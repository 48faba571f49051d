namespace Plankton.Core.Objects;

/// <summary>How an <see cref="AttributeFilter"/> tests a metadata key.</summary>
public enum AttributeFilterOperator
{
    /// <summary>The key exists (<c>key</c>).</summary>
    Exists = 0,

    /// <summary>The key does not exist (<c>!key</c>).</summary>
    NotExists = 1,

    /// <summary>The key exists with this value (<c>key = v</c>).</summary>
    Equal = 2,

    /// <summary>The key exists with another value (<c>key != v</c>).</summary>
    NotEqual = 3,

    /// <summary>The key exists with a value ordinally less than this one (<c>key &lt; v</c>).</summary>
    LessThan = 4,

    /// <summary>The key exists with a value ordinally less than or equal to this one (<c>key &lt;= v</c>).</summary>
    LessThanOrEqual = 5,

    /// <summary>The key exists with a value ordinally greater than this one (<c>key &gt; v</c>).</summary>
    GreaterThan = 6,

    /// <summary>The key exists with a value ordinally greater than or equal to this one (<c>key &gt;= v</c>).</summary>
    GreaterThanOrEqual = 7,
}
