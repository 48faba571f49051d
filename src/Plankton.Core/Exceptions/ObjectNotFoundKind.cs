namespace Plankton.Core.Exceptions;

/// <summary>Which level of the account/container/object/version hierarchy was not found.</summary>
public enum ObjectNotFoundKind
{
    /// <summary>The account does not exist.</summary>
    Account = 0,

    /// <summary>The container does not exist in its account.</summary>
    Container = 1,

    /// <summary>The object (a Pithos "item") does not exist: never written, deleted, or purged.</summary>
    Item = 2,

    /// <summary>The object exists, but not the version asked for (never existed, purged, a deletion marker, or a version of another object).</summary>
    Version = 3,
}
