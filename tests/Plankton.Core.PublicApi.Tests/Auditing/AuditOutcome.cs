namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>How an audited call ended.</summary>
public enum AuditOutcome
{
    /// <summary>The call returned.</summary>
    Succeeded,

    /// <summary>The store refused the user (<see cref="Exceptions.NotAllowedException"/>).</summary>
    Refused,

    /// <summary>Something named did not exist (<see cref="Exceptions.ObjectNotFoundException"/>).</summary>
    NotFound,

    /// <summary>The call was cancelled.</summary>
    Cancelled,

    /// <summary>Any other error: bad input, quota, missing blocks, conflict, storage failure.</summary>
    Failed,
}
