using System.Data;
using System.Data.Common;
using Dapper;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// How a page is read: a name-ordered page by walking the container's names, driven by one filter through an index,
/// or from history (<see cref="ListObjectsOptions.Until"/>); a sorted page driven by a filter with few matches.
/// </summary>
public abstract partial class CatalogueObjectStore
{
    /// <summary>The default of <see cref="DriveProbeLimit"/>.</summary>
    internal const int DefaultDriveProbeLimit = 2000;

    private static readonly ListDrive s_nameWalk = new(Sql.ListObjectsUnbounded, Sql.ListObjectsBounded, string.Empty, string.Empty, Window: Sql.NameWindow);

    private static readonly ListDrive s_history = new(Sql.ListHistoryUnbounded, Sql.ListHistoryBounded, string.Empty, string.Empty, Window: Sql.NameWindow);

    /// <summary>
    /// Gets or sets how many matches a filter may have and still drive a listing: a filter with fewer matches is read
    /// whole through its index and sorted by name (cost: its matches); with more, the listing walks names (an equality
    /// filter: its own index, already in name order) and tests each object, finding a page within about
    /// <c>page × objects / matches</c> rows. Both costs stay near the square root of <c>page × objects</c> at the
    /// switch; tests lower it to reach the walk with a few objects.
    /// </summary>
    internal int DriveProbeLimit { get; set; } = DefaultDriveProbeLimit;

    /// <summary>
    /// Gets or sets how many rows a name-ordered page may read and reject before it ends early (its marker then the
    /// last row read): set from the options (<c>ListScanLimit</c>) when the store opens; tests lower it.
    /// </summary>
    internal int ListScanLimit { get; set; } = ObjectStoreConstants.DefaultListScanLimit;

    /// <summary>
    /// Chooses how to read a name-ordered page and adds the drive's parameters. Each filter an index can serve (every
    /// attribute test but <c>!key</c>, and a size range) is probed for its matches, at most
    /// <see cref="DriveProbeLimit"/> index rows each, stopping at one with no more matches than a page; the fewest
    /// matches drive the listing when they are under the limit. Otherwise an equality filter drives it in name order
    /// (its index keeps the matches so), or the listing walks the names.
    /// </summary>
    private async Task<ListDrive> ChooseDriveAsync(DbConnection connection, DynamicParameters parameters, ListObjectsOptions options, CancellationToken cancellationToken)
    {
        if (options.Until is not null)
        {
            parameters.Add("AsOf", options.Until.Value.UtcTicks);
            return s_history;
        }

        List<ListDrive> candidates = Candidates(options);
        ListDrive? equality = candidates.Find(static c => c.Unbounded == Sql.ListObjectsByValueUnbounded);
        ListDrive chosen = equality ?? s_nameWalk;
        if (candidates.Count > (equality is null ? 0 : 1))
        {
            // An equality alone needs no probe: whatever its matches, its index gives them in name order.
            chosen = await FewestMatchesAsync(connection, parameters, candidates, options.Limit, cancellationToken).ConfigureAwait(false) ?? chosen;
        }

        chosen.AddTo(parameters);
        return chosen;
    }

    /// <summary>
    /// Probes each candidate for its matches (at most <see cref="DriveProbeLimit"/> index rows each, stopping at one
    /// with no more matches than a page) and returns the one with the fewest, when they are under the limit.
    /// </summary>
    private async Task<ListDrive?> FewestMatchesAsync(
        DbConnection connection, DynamicParameters parameters, List<ListDrive> candidates, int limit, CancellationToken cancellationToken)
    {
        ListDrive? fewest = null;
        long fewestMatches = DriveProbeLimit;
        parameters.Add("Probe", DriveProbeLimit);
        foreach (ListDrive candidate in candidates)
        {
            candidate.AddTo(parameters);
            long matches = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                candidate.Probe, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (matches < fewestMatches)
            {
                (fewestMatches, fewest) = (matches, candidate);
            }

            if (matches <= limit)
            {
                break; // no filter can make the page cheaper than this one
            }
        }

        return fewest;
    }

    /// <summary>
    /// The statement of a sorted page driven by a filter with few matches (read whole and sorted), with its
    /// parameters added; <see langword="null"/> when no filter has fewer matches than <see cref="DriveProbeLimit"/>,
    /// and the page walks the first sort key's index instead.
    /// </summary>
    private async Task<string?> ChooseSortedDriveAsync(DbConnection connection, DynamicParameters parameters, ListObjectsOptions options, CancellationToken cancellationToken)
    {
        List<ListDrive> candidates = Candidates(options);
        ListDrive? chosen = candidates.Count == 0 ? null
            : await FewestMatchesAsync(connection, parameters, candidates, options.Limit, cancellationToken).ConfigureAwait(false);
        chosen?.AddTo(parameters);
        return chosen?.Sorted;
    }

    /// <summary>The filters an index can serve, as drives: attribute tests in the order given, then the size range.</summary>
    private static List<ListDrive> Candidates(ListObjectsOptions options)
    {
        var candidates = new List<ListDrive>();
        if (options.Domain is not null)
        {
            foreach (AttributeFilter filter in options.Filters ?? [])
            {
                ListDrive? drive = filter.Operator switch
                {
                    AttributeFilterOperator.Equal => new ListDrive(Sql.ListObjectsByValueUnbounded, Sql.ListObjectsByValueBounded, Sql.ProbeBetweenValues, SortedListSql.FilteredBetweenValues, filter.Key, filter.Value, filter.Value, Window: Sql.ValueWindow),
                    AttributeFilterOperator.LessThan or AttributeFilterOperator.LessThanOrEqual =>
                        new ListDrive(Sql.ListObjectsBetweenValuesUnbounded, Sql.ListObjectsBetweenValuesBounded, Sql.ProbeBetweenValues, SortedListSql.FilteredBetweenValues, filter.Key, string.Empty, filter.Value),
                    AttributeFilterOperator.GreaterThan or AttributeFilterOperator.GreaterThanOrEqual =>
                        new ListDrive(Sql.ListObjectsFromValueUnbounded, Sql.ListObjectsFromValueBounded, Sql.ProbeFromValue, SortedListSql.FilteredFromValue, filter.Key, filter.Value),
                    AttributeFilterOperator.Exists =>
                        new ListDrive(Sql.ListObjectsFromValueUnbounded, Sql.ListObjectsFromValueBounded, Sql.ProbeFromValue, SortedListSql.FilteredFromValue, filter.Key, string.Empty),
                    AttributeFilterOperator.NotEqual =>
                        new ListDrive(Sql.ListObjectsOtherValuesUnbounded, Sql.ListObjectsOtherValuesBounded, Sql.ProbeOtherValues, SortedListSql.FilteredOtherValues, filter.Key, filter.Value),
                    _ => null, // !key: the objects without a key are in no index (see docs/object-store.md)
                };
                if (drive is not null)
                {
                    candidates.Add(drive);
                }
            }
        }

        if (options.MinSize is not null || options.MaxSize is not null)
        {
            candidates.Add(new ListDrive(Sql.ListObjectsBySizeUnbounded, Sql.ListObjectsBySizeBounded, Sql.ProbeSize, SortedListSql.FilteredBySize, Min: options.MinSize ?? 0, Max: options.MaxSize ?? long.MaxValue));
        }

        return candidates;
    }

    /// <summary>
    /// One way to read a page: its name-ordered statements without and with an upper name bound, the probe that counts
    /// its matches, its sorted statement (matches read whole and sorted), its range (an attribute key's values, or
    /// live sizes), and for a walk that tests rows it may reject, the statement that finds the end of its scan window
    /// (<see cref="ListScanLimit"/>).
    /// </summary>
    private sealed record ListDrive(
        string Unbounded, string Bounded, string Probe, string Sorted, string? Key = null, string? Low = null, string? High = null, long? Min = null, long? Max = null, string? Window = null)
    {
        public void AddTo(DynamicParameters parameters)
        {
            parameters.Add("DriveKey", Key, DbType.String);
            parameters.Add("DriveValue", Low, DbType.String);
            parameters.Add("DriveLow", Low, DbType.String);
            parameters.Add("DriveHigh", High, DbType.String);
            parameters.Add("DriveMin", Min, DbType.Int64);
            parameters.Add("DriveMax", Max, DbType.Int64);
        }
    }
}
