namespace NPS.Quality.Sites;

public sealed record SiteRegistered(
    string SiteId,
    string Name,
    IReadOnlyList<string> Arrondissements,
    string Referential,
    string ReferentialVersion,
    DateTimeOffset RegisteredAt);

/// <summary>The site moved to another version of its referential; codes follow the mapping.</summary>
public sealed record SiteReferentialChanged(
    string SiteId,
    string Referential,
    string FromVersion,
    string ToVersion,
    IReadOnlyDictionary<string, string> CarriedOver,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    DateTimeOffset ChangedAt);

/// <summary>Which referential version a site followed from a given instant.</summary>
public sealed record ReferentialPeriod(string Referential, string Version, DateTimeOffset From);

/// <summary>
/// A labelled site (stream keyed by its slug, e.g. <c>paris-11</c>). Keeps the history of its referential
/// versions so a status can be recomputed with the version in force at any past instant.
/// </summary>
public sealed class Site
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public List<string> Arrondissements { get; set; } = [];
    public string Referential { get; set; } = "";
    public string ReferentialVersion { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public List<ReferentialPeriod> ReferentialHistory { get; set; } = [];

    public static Site Create(SiteRegistered e) => new()
    {
        Id = e.SiteId,
        Name = e.Name,
        Arrondissements = e.Arrondissements.ToList(),
        Referential = e.Referential,
        ReferentialVersion = e.ReferentialVersion,
        RegisteredAt = e.RegisteredAt,
        ReferentialHistory = [new ReferentialPeriod(e.Referential, e.ReferentialVersion, e.RegisteredAt)],
    };

    public void Apply(SiteReferentialChanged e)
    {
        ReferentialVersion = e.ToVersion;
        ReferentialHistory.Add(new ReferentialPeriod(e.Referential, e.ToVersion, e.ChangedAt));
    }

    /// <summary>The version in force at <paramref name="asOf"/> (the first one before the site existed).</summary>
    public ReferentialPeriod ReferentialAt(DateTimeOffset asOf)
        => ReferentialHistory.LastOrDefault(p => p.From <= asOf) ?? ReferentialHistory[0];
}

/// <summary>The sites feature's answer to <see cref="Access.IKnownSites"/>.</summary>
public sealed class KnownSites : Access.IKnownSites
{
    public async Task<bool> ExistsAsync(Marten.IQuerySession session, string siteId, CancellationToken ct)
        => await session.LoadAsync<Site>(siteId, ct) is not null;
}
