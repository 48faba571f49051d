namespace Plankton.Core.Objects.Catalogue;

/// <summary>One row of <c>leases</c>: an upload's or a collector's hold, and the process that owns it.</summary>
internal sealed class LeaseRow
{
    public long LeaseId { get; set; }

    public long Kind { get; set; }

    public string Host { get; set; } = string.Empty;

    public long Pid { get; set; }

    public long Started { get; set; }

    public long Expires { get; set; }
}
