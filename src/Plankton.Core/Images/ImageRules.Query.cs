using System.Globalization;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Images;

/// <summary>Which images a listing starts from, before filters.</summary>
internal enum ImageListScope
{
    /// <summary>Everything the user may see and that is listed by default: own, public, shared with them (by member status), community when asked for.</summary>
    All = 0,

    /// <summary>Public images.</summary>
    Public = 1,

    /// <summary>The user's shared images with at least one member.</summary>
    SharedByMe = 2,

    /// <summary>Other users' shared images the user is a member of.</summary>
    SharedWithMe = 3,
}

/// <summary>The listing rules (query validation, scope, filters, order, keyset pages), shared by every backend.</summary>
internal static partial class ImageRules
{
    private static readonly string[] s_sortKeys = ["id", "name", "status", "size", "disk_format", "container_format", "created_at", "updated_at"];

    /// <summary>Checks and parses a query; every refusal names the parameter (<c>sort_key</c>, <c>sort_dir</c>, <c>limit</c>, <c>status</c>…).</summary>
    public static ImageQueryPlan ParseQuery(ImageListQuery? query, ImageListScope scope)
    {
        query ??= new ImageListQuery();
        int limit = query.Limit ?? ImageConstants.DefaultListLimit;
        if (limit is < 1 or > ImageConstants.MaxListLimit)
        {
            throw new ImageValidationException("limit", $"the limit must be 1 to {ImageConstants.MaxListLimit} (was {limit})", null);
        }

        if (query.SizeMin is < 0)
        {
            throw new ImageValidationException("size_min", $"the value must not be negative (was {query.SizeMin})", null);
        }

        if (query.SizeMax is < 0)
        {
            throw new ImageValidationException("size_max", $"the value must not be negative (was {query.SizeMax})", null);
        }

        if (query.Visibility is ImageVisibility visibility && !Enum.IsDefined(visibility))
        {
            throw new ImageValidationException("visibility", $"{visibility} is not a visibility", null);
        }

        HashSet<ImageStatus>? statuses = null;
        if (ParseList("status", query.Status) is { } statusNames)
        {
            statuses = [];
            foreach (string name in statusNames)
            {
                statuses.Add(s_statusNames.TryGetValue(name, out ImageStatus status)
                    ? status
                    : throw new ImageValidationException("status", $"'{name}' is not a status", null));
            }
        }

        if (query.Tags is not null && query.Tags.Any(string.IsNullOrEmpty))
        {
            throw new ImageValidationException("tags", "a tag filter must not be empty", null);
        }

        if (query.Properties is not null && query.Properties.Any(p => string.IsNullOrEmpty(p.Key) || p.Value is null))
        {
            throw new ImageValidationException("properties", "a property filter needs a key and a value", null);
        }

        if (query.Owner is not null)
        {
            try
            {
                ValidateUser(query.Owner);
            }
            catch (InvalidObjectNameException ex)
            {
                throw new ImageValidationException("owner", ex.Message, ex);
            }
        }

        string memberStatus = query.MemberStatus ?? (scope == ImageListScope.All ? "accepted" : "all");
        HashSet<ImageMemberStatus> memberStatuses = memberStatus switch
        {
            "accepted" => [ImageMemberStatus.Accepted],
            "pending" => [ImageMemberStatus.Pending],
            "rejected" => [ImageMemberStatus.Rejected],
            "all" => [ImageMemberStatus.Pending, ImageMemberStatus.Accepted, ImageMemberStatus.Rejected],
            _ => throw new ImageValidationException("member_status", $"'{memberStatus}' is not one of accepted, pending, rejected, all", null),
        };

        return new ImageQueryPlan
        {
            Scope = scope,
            Limit = limit,
            Names = ToSet(ParseList("name", query.Name)),
            Statuses = statuses,
            DiskFormats = ToSet(ParseList("disk_format", query.DiskFormat)),
            ContainerFormats = ToSet(ParseList("container_format", query.ContainerFormat)),
            SizeMin = query.SizeMin,
            SizeMax = query.SizeMax,
            Owner = query.Owner,
            Visibility = query.Visibility,
            Tags = query.Tags is null ? [] : [.. query.Tags],
            Properties = query.Properties is null ? [] : [.. query.Properties],
            CreatedAt = ParseTimeFilter("created_at", query.CreatedAt),
            UpdatedAt = ParseTimeFilter("updated_at", query.UpdatedAt),
            MemberStatuses = memberStatuses,
            SortKeys = ParseSort(query.Sort),
            Marker = query.Marker,
        };
    }

    /// <summary>The page after the marker (when given) of the candidates that are in the plan's scope and pass its filters.</summary>
    public static ImageListPage Page(ImageQueryPlan plan, string userId, IEnumerable<ImageRecord> candidates, ImageRecord? marker)
    {
        var builder = new ImagePageBuilder(plan, userId, marker);
        foreach (ImageRecord record in candidates)
        {
            builder.Offer(record);
        }

        return builder.Build();
    }

    /// <summary>Whether a record belongs to the plan's scope for the user (before filters).</summary>
    public static bool InScope(ImageQueryPlan plan, string userId, ImageRecord record)
    {
        bool owner = IsOwner(userId, record);
        bool member = record.Visibility == ImageVisibility.Shared
            && record.Members.TryGetValue(userId, out ImageMemberStatus status)
            && plan.MemberStatuses.Contains(status);
        return plan.Scope switch
        {
            ImageListScope.Public => record.Visibility == ImageVisibility.Public,
            ImageListScope.SharedByMe => owner && record.Visibility == ImageVisibility.Shared && record.Members.Count > 0,
            ImageListScope.SharedWithMe => !owner && member,
            _ => owner
                || record.Visibility == ImageVisibility.Public
                || (record.Visibility == ImageVisibility.Community && plan.Visibility == ImageVisibility.Community && !IsAnonymous(userId))
                || member,
        };
    }

    /// <summary>The scope of a shared listing.</summary>
    public static ImageListScope ScopeOf(ImageShareDirection direction) => direction switch
    {
        ImageShareDirection.SharedByMe => ImageListScope.SharedByMe,
        ImageShareDirection.SharedWithMe => ImageListScope.SharedWithMe,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "The share direction is not defined."),
    };

    /// <summary>Resolves a marker: an image the user may see, else <see cref="ImageValidationException"/> naming <c>marker</c>.</summary>
    public static ImageValidationException UnknownMarker(Guid marker) =>
        new("marker", $"'{marker}' is not an image you can see", null);

    private static readonly Dictionary<string, ImageStatus> s_statusNames = Enum.GetValues<ImageStatus>().ToDictionary(Format, s => s, StringComparer.Ordinal);

    private static HashSet<string>? ToSet(List<string>? values) => values is null ? null : new HashSet<string>(values, StringComparer.Ordinal);

    /// <summary>One value, or <c>in:a,b,"c,d"</c>.</summary>
    private static List<string>? ParseList(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!text.StartsWith("in:", StringComparison.Ordinal))
        {
            return text.Length == 0 ? throw new ImageValidationException(field, "the filter value is empty", null) : [text];
        }

        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        string body = text[3..];
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                values.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new ImageValidationException(field, $"'{text}' has an unclosed quote", null);
        }

        values.Add(current.ToString());
        return values.Any(v => v.Length == 0)
            ? throw new ImageValidationException(field, $"'{text}' has an empty value", null)
            : values;
    }

    private static (string Operator, DateTimeOffset Time)? ParseTimeFilter(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string op = "eq";
        string time = text;
        if (colon > 0 && text[..colon] is "gt" or "gte" or "eq" or "neq" or "lt" or "lte")
        {
            op = text[..colon];
            time = text[(colon + 1)..];
        }

        return DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value)
            ? (op, value.ToUniversalTime())
            : throw new ImageValidationException(field, $"'{text}' is not [gt|gte|eq|neq|lt|lte:]<ISO 8601 time>", null);
    }

    private static List<(string Key, bool Descending)> ParseSort(string? text)
    {
        var keys = new List<(string Key, bool Descending)>();
        foreach (string part in (text ?? "created_at:desc").Split(','))
        {
            string[] pieces = part.Trim().Split(':');
            string key = pieces[0].Trim();
            if (!s_sortKeys.Contains(key, StringComparer.Ordinal))
            {
                throw new ImageValidationException("sort_key", $"'{key}' is not one of {string.Join(", ", s_sortKeys)}", null);
            }

            string direction = pieces.Length > 1 ? pieces[1].Trim() : "desc";
            if (pieces.Length > 2 || direction is not ("asc" or "desc"))
            {
                throw new ImageValidationException("sort_dir", $"'{part.Trim()}' does not have the direction asc or desc", null);
            }

            if (keys.Any(k => k.Key == key))
            {
                throw new ImageValidationException("sort_key", $"'{key}' is given twice", null);
            }

            keys.Add((key, direction == "desc"));
        }

        if (keys[^1].Key != "id" && !keys.Any(k => k.Key == "id"))
        {
            keys.Add(("id", keys[^1].Descending));
        }

        return keys;
    }
}

/// <summary>A checked listing query: scope, filters, total order (ending with <c>id</c>) and page size.</summary>
internal sealed class ImageQueryPlan
{
    public required ImageListScope Scope { get; init; }

    public required int Limit { get; init; }

    public HashSet<string>? Names { get; init; }

    public HashSet<ImageStatus>? Statuses { get; init; }

    public HashSet<string>? DiskFormats { get; init; }

    public HashSet<string>? ContainerFormats { get; init; }

    public long? SizeMin { get; init; }

    public long? SizeMax { get; init; }

    public string? Owner { get; init; }

    public ImageVisibility? Visibility { get; init; }

    public required List<string> Tags { get; init; }

    public required List<KeyValuePair<string, string>> Properties { get; init; }

    public (string Operator, DateTimeOffset Time)? CreatedAt { get; init; }

    public (string Operator, DateTimeOffset Time)? UpdatedAt { get; init; }

    public required HashSet<ImageMemberStatus> MemberStatuses { get; init; }

    public required List<(string Key, bool Descending)> SortKeys { get; init; }

    public Guid? Marker { get; init; }

    /// <summary>Whether the record passes every filter (deleted images only when the status filter names deleted).</summary>
    public bool Matches(ImageRecord r) =>
        (Statuses is null ? r.Status != ImageStatus.Deleted : Statuses.Contains(r.Status))
        && (Names is null || Names.Contains(r.Name))
        && (DiskFormats is null || DiskFormats.Contains(r.DiskFormat))
        && (ContainerFormats is null || ContainerFormats.Contains(r.ContainerFormat))
        && (SizeMin is not long min || r.Size >= min)
        && (SizeMax is not long max || r.Size <= max)
        && (Owner is null || string.Equals(Owner, r.Owner, StringComparison.Ordinal))
        && (Visibility is not ImageVisibility v || r.Visibility == v)
        && Tags.All(t => r.Tags.Contains(t, StringComparer.Ordinal))
        && Properties.All(p => r.Properties.TryGetValue(p.Key, out string? value) && string.Equals(value, p.Value, StringComparison.Ordinal))
        && TimeMatches(CreatedAt, r.CreatedAt)
        && TimeMatches(UpdatedAt, r.UpdatedAt);

    /// <summary>The listing's total order: the sort keys, then <c>id</c>.</summary>
    public int Compare(ImageRecord a, ImageRecord b)
    {
        foreach ((string key, bool descending) in SortKeys)
        {
            int c = key switch
            {
                "id" => a.Id.CompareTo(b.Id),
                "name" => string.CompareOrdinal(a.Name, b.Name),
                "status" => string.CompareOrdinal(ImageRules.Format(a.Status), ImageRules.Format(b.Status)),
                "size" => a.Size.CompareTo(b.Size),
                "disk_format" => string.CompareOrdinal(a.DiskFormat, b.DiskFormat),
                "container_format" => string.CompareOrdinal(a.ContainerFormat, b.ContainerFormat),
                "created_at" => a.CreatedAt.CompareTo(b.CreatedAt),
                _ => a.UpdatedAt.CompareTo(b.UpdatedAt),
            };
            if (c != 0)
            {
                return descending ? -c : c;
            }
        }

        return 0;
    }

    private static bool TimeMatches((string Operator, DateTimeOffset Time)? filter, DateTimeOffset value) => filter is not { } f || f.Operator switch
    {
        "gt" => value > f.Time,
        "gte" => value >= f.Time,
        "lt" => value < f.Time,
        "lte" => value <= f.Time,
        "neq" => value != f.Time,
        _ => value == f.Time,
    };
}

/// <summary>
/// Builds one keyset page from candidates offered one at a time, in any order: keeps only the best
/// <c>limit + 1</c> records after the marker (a bounded top-k), so memory does not grow with the candidates.
/// </summary>
internal sealed class ImagePageBuilder
{
    private readonly ImageQueryPlan _plan;
    private readonly string _userId;
    private readonly ImageRecord? _marker;
    private readonly SortedSet<ImageRecord> _best;

    public ImagePageBuilder(ImageQueryPlan plan, string userId, ImageRecord? marker)
    {
        _plan = plan;
        _userId = userId;
        _marker = marker;
        _best = new SortedSet<ImageRecord>(Comparer<ImageRecord>.Create(plan.Compare));
    }

    /// <summary>Considers a candidate: kept when in scope, matching, after the marker and among the best so far.</summary>
    /// <returns>Whether the candidate belongs to the listing (in scope, matching, after the marker), kept or not.</returns>
    public bool Offer(ImageRecord record)
    {
        if (!ImageRules.InScope(_plan, _userId, record)
            || !_plan.Matches(record)
            || (_marker is not null && _plan.Compare(record, _marker) <= 0))
        {
            return false;
        }

        // The order ends with the id, so it is total: a record equal to a kept one is the same image seen twice.
        _best.Add(record);
        if (_best.Count > _plan.Limit + 1)
        {
            _best.Remove(_best.Max!);
        }

        return true;
    }

    public ImageListPage Build()
    {
        List<ImageRecord> page = [.. _best.Take(_plan.Limit)];
        return new ImageListPage(page, _best.Count > _plan.Limit ? page[^1].Id : null);
    }
}
